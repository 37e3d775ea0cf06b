"""The site's MkDocs hook: thin, it only dispatches to lstm_explainer.site.hooks."""

from mkdocs.plugins import event_priority

from lstm_explainer.site import hooks


@event_priority(100)  # before the search plugin reads the interface language
def on_config(config):
    return hooks.on_config(config)


@event_priority(100)  # before mkdocs-jupyter's, which makes the (executed) notebooks pages
def on_files(files, config):
    return hooks.on_files(files, config)


def on_nav(nav, config, files):
    return hooks.on_nav(nav, config, files)


def on_page_markdown(markdown, page, config, files):
    return hooks.on_page_markdown(markdown, page, config, files)


def on_page_content(html, page, config, files):
    return hooks.on_page_content(html, page, config, files)


def on_post_page(output, page, config):
    return hooks.on_post_page(output, page, config)


def on_post_template(output_content, template_name, config):
    return hooks.on_post_template(output_content, template_name, config)
