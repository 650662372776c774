// 换届通: small progressive enhancements; every page works without JavaScript.
(function () {
  "use strict";
  // Ask before destructive actions: <form data-confirm="…"> or <a data-confirm="…">.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var message = form.getAttribute("data-confirm");
    if (message && !window.confirm(message)) {
      event.preventDefault();
      return;
    }
    // Guard against double submission: disable the buttons once a form is sent.
    if (!event.defaultPrevented && form.method && form.method.toLowerCase() === "post") {
      window.setTimeout(function () {
        form.querySelectorAll("button[type=submit], input[type=submit]").forEach(function (b) {
          b.disabled = true;
        });
      }, 0);
    }
  });
  document.addEventListener("click", function (event) {
    var back = event.target.closest("a[data-history-back]");
    if (back && window.history.length > 1) {
      event.preventDefault();
      window.history.back();
      return;
    }
    var link = event.target.closest("a[data-confirm]");
    if (link && !window.confirm(link.getAttribute("data-confirm"))) {
      event.preventDefault();
    }
  });
  // No inline handlers (the Content-Security-Policy forbids them):
  // <select data-autosubmit> sends its form when changed;
  // <form data-reload-on="village" data-reload-button="load"> presses that button
  // when the named field changes (reloading the form with the village's roster).
  document.addEventListener("change", function (event) {
    var field = event.target;
    var form = field.form;
    if (!form) { return; }
    if (field.hasAttribute("data-autosubmit")) {
      if (form.requestSubmit) { form.requestSubmit(); } else { form.submit(); }
      return;
    }
    var watched = form.getAttribute("data-reload-on");
    if (watched && field.name === watched) {
      var button = form.querySelector("button[name=" + form.getAttribute("data-reload-button") + "]");
      if (button) { button.click(); }
    }
  });
  // Print buttons.
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });
})();
