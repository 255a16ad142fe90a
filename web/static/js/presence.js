// The collision warning: refresh "who else is here or writing a reply" every 20 seconds.
// Served from /static (the CSP allows no inline script); without it the warning is drawn once.
(function () {
  "use strict";
  var EVERY_MS = 20000;

  function refresh(holder) {
    if (document.hidden) { return; }
    fetch(holder.getAttribute("data-presence-url"), { credentials: "same-origin", headers: { "Accept": "text/html" } })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) { if (html !== null && holder.innerHTML.trim() !== html.trim()) { holder.innerHTML = html; } })
      .catch(function () { /* offline for a moment: try again next time */ });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var holder = document.getElementById("presence");
    if (holder) { setInterval(function () { refresh(holder); }, EVERY_MS); }
  });
})();
