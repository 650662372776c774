/* Searchable person pickers (core.widgets.PersonSelect), progressive enhancement.
 *
 * Loads the vendored Tom Select once, then turns every
 * <select data-person-picker> into a type-to-search list that matches the
 * name, its pinyin and its initials. Without JavaScript the plain select works.
 */
(function () {
  "use strict";
  if (window.__personPickerLoaded) { return; }
  window.__personPickerLoaded = true;

  function enhance() {
    document.querySelectorAll("select[data-person-picker]").forEach(function (select) {
      if (select.tomselect || select.disabled) { return; }
      new window.TomSelect(select, {
        searchField: ["text", "pinyin", "initials"],
        maxOptions: 1000,
        // The empty choice ("---------") becomes the placeholder; an optional
        // field gets a clear button instead.
        allowEmptyOption: false,
        plugins: select.required ? [] : ["clear_button"],
        placeholder: select.dataset.placeholder,
        render: {
          no_results: function () {
            var div = document.createElement("div");
            div.className = "no-results";
            div.textContent = select.dataset.noResults;
            return div;
          }
        }
      });
    });
  }

  function load() {
    var first = document.querySelector("select[data-person-picker]");
    if (!first) { return; }
    if (window.TomSelect) { enhance(); return; }
    var css = document.createElement("link");
    css.rel = "stylesheet";
    css.href = first.dataset.pickerCss;
    document.head.appendChild(css);
    var script = document.createElement("script");
    script.src = first.dataset.pickerJs;
    script.onload = enhance;
    document.head.appendChild(script);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", load);
  } else {
    load();
  }
})();
