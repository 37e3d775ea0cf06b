// Material puts each code block's copy button in an unlabelled <nav class="md-code__nav">. A page
// with several code blocks (the notebooks) then has several navigation landmarks that a screen
// reader cannot tell apart (axe: landmark-unique). The copy button is not site navigation, so the
// wrapper loses its landmark role; the button itself is unchanged. Material creates these wrappers
// when it mounts the code blocks, after this script has run (and again on each page that instant
// navigation would load, were it turned on), hence the observer.
"use strict";

(() => {
  const unlandmark = () => {
    for (const nav of document.querySelectorAll("nav.md-code__nav:not([role])")) {
      nav.setAttribute("role", "none");
    }
  };
  new MutationObserver(unlandmark).observe(document.body, { childList: true, subtree: true });
  unlandmark();
})();
