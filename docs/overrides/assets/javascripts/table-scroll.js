// Material wraps each table in a <div class="md-typeset__scrollwrap">, which scrolls sideways when
// the table is wider than the page (a weights table on a phone). A region that scrolls must be
// reachable by the keyboard, or a keyboard user cannot read its hidden columns (axe:
// scrollable-region-focusable); a table of numbers has nothing inside to focus. So a wrapper joins
// the tab order while it scrolls, and leaves it when it no longer does (a wider window). Material
// creates the wrappers when it mounts the page, after this script has run, hence the observer.
"use strict";

(() => {
  const reach = () => {
    for (const wrap of document.querySelectorAll(".md-typeset__scrollwrap")) {
      const scrolls = wrap.scrollWidth > wrap.clientWidth;
      if (scrolls && !wrap.hasAttribute("tabindex")) wrap.tabIndex = 0;
      if (!scrolls && wrap.getAttribute("tabindex") === "0") wrap.removeAttribute("tabindex");
    }
  };
  new MutationObserver(reach).observe(document.body, { childList: true, subtree: true });
  addEventListener("resize", reach);
  reach();
})();
