"""The site's build machinery: cached generation, shortcodes and MathML, the MkDocs hook, the build.

The package's science lives elsewhere; this subpackage only carries what the package
computes into the pages. ``python -m lstm_explainer.site build`` builds every language.
"""
