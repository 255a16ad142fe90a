// The public form: move focus to the error summary so screen readers announce it (GOV.UK pattern),
// and make its links focus the field itself rather than only scrolling to it.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var summary = document.querySelector("[data-autofocus]");
    if (!summary) { return; }
    summary.focus();
    summary.addEventListener("click", function (event) {
      var link = event.target.closest("a[href^='#']");
      if (!link) { return; }
      var field = document.getElementById(link.getAttribute("href").slice(1));
      if (!field) { return; }
      event.preventDefault();
      var holder = field.closest(".form-group") || field;
      holder.scrollIntoView();
      field.focus({ preventScroll: true });
    });
  });
})();
