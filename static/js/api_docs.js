// Swagger UI, made readable by everyone: as it draws operations, each unnamed select gets its
// parameter's name and each sideways-scrolling code block becomes a named, focusable region.
(function () {
  const scrollLabel = document.documentElement.dataset.scrollLabel || "Exemple";
  function fix(root) {
    root.querySelectorAll("tr[data-param-name] select:not([aria-label])").forEach((select) => {
      select.setAttribute("aria-label", select.closest("tr").dataset.paramName);
    });
    root.querySelectorAll(".example, pre.microlight, .highlight-code > pre, .model-box").forEach((block) => {
      if (block.hasAttribute("role")) return;
      block.setAttribute("role", "region");
      block.setAttribute("tabindex", "0");
      block.setAttribute("aria-label", scrollLabel);
    });
  }
  new MutationObserver(() => fix(document)).observe(document.documentElement, {
    childList: true,
    subtree: true,
  });
})();
