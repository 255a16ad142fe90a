// The workspace: keyboard shortcuts, the "?" help overlay, and a live queue refresh.
// Served from /static (the CSP allows no inline script). Everything works without it.
(function () {
  "use strict";
  var QUEUE_KEY = "triage.queue";
  var REFRESH_MS = 60000;

  function typing(target) {
    if (!target) { return false; }
    var tag = target.tagName;
    return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || target.isContentEditable;
  }

  function queueRows() { return Array.prototype.slice.call(document.querySelectorAll("table[data-queue] tbody tr")); }

  function rememberQueue() {
    var hrefs = queueRows().map(function (row) { return row.getAttribute("data-href"); });
    if (hrefs.length) {
      try { sessionStorage.setItem(QUEUE_KEY, JSON.stringify({ list: hrefs, back: location.pathname + location.search })); } catch (e) { /* storage off */ }
    }
  }

  function storedQueue() {
    try { return JSON.parse(sessionStorage.getItem(QUEUE_KEY) || "null"); } catch (e) { return null; }
  }

  function select(rows, index) {
    rows.forEach(function (row) { row.classList.remove("is-selected"); });
    var row = rows[index];
    if (!row) { return; }
    row.classList.add("is-selected");
    var link = row.querySelector("a.subject");
    if (link) { link.focus(); }
  }

  function moveInQueue(step) {
    var rows = queueRows();
    if (!rows.length) { return; }
    var current = rows.findIndex(function (row) { return row.classList.contains("is-selected"); });
    var next = current < 0 ? 0 : Math.min(rows.length - 1, Math.max(0, current + step));
    select(rows, next);
  }

  function moveFromConversation(step) {
    var stored = storedQueue();
    if (!stored) { return; }
    var index = stored.list.indexOf(location.pathname);
    var target = stored.list[index + step];
    if (index >= 0 && target) { location.assign(target); }
  }

  function submit(id) {
    var form = document.getElementById(id);
    if (form) { form.requestSubmit ? form.requestSubmit() : form.submit(); }
  }

  // On a conversation, open the composer with its message field focused; in the composer, go back to it.
  function reply() {
    var body = document.querySelector("body.page-reply textarea#body");
    if (body) { body.focus(); return true; }
    var link = document.getElementById("reply-link");
    if (!link) { return false; }
    location.assign(link.href + "#body");
    return true;
  }

  function toggleHelp() {
    var help = document.getElementById("help");
    if (!help || !help.showModal) { return; }
    if (help.open) { help.close(); } else { help.showModal(); }
  }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) { return; }
    var onQueue = document.body.classList.contains("page-queue");
    var onConversation = document.body.classList.contains("page-conversation");
    var handled = true;
    switch (event.key) {
      case "?": toggleHelp(); break;
      case "j": if (onQueue) { moveInQueue(1); } else if (onConversation) { moveFromConversation(1); } else { handled = false; } break;
      case "k": if (onQueue) { moveInQueue(-1); } else if (onConversation) { moveFromConversation(-1); } else { handled = false; } break;
      case "/":
        var search = document.querySelector("[data-search]");
        if (search) { search.focus(); search.select(); } else { location.assign("/queue"); }
        break;
      case "a": if (onConversation) { submit("claim-form"); } else { handled = false; } break;
      case "e": if (onConversation) { submit("resolve-form"); } else { handled = false; } break;
      case "r": handled = reply(); break;
      case "n":
        var note = document.querySelector("[data-note]");
        if (note) { note.focus(); } else { handled = false; }
        break;
      case "u":
        if (onConversation) {
          var stored = storedQueue();
          location.assign(stored && stored.back ? stored.back : "/queue");
        } else { handled = false; }
        break;
      default: handled = false;
    }
    if (handled) { event.preventDefault(); }
  });

  function refreshQueue(holder) {
    // Never redraw under the agent: not while they are in the table or have rows ticked.
    if (document.hidden || holder.contains(document.activeElement) || holder.querySelector("input[type=checkbox]:checked")) { return; }
    fetch(holder.getAttribute("data-refresh-url"), { credentials: "same-origin", headers: { "Accept": "text/html" } })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        if (html === null) { return; }
        var selected = document.querySelector("tr.is-selected");
        var selectedHref = selected ? selected.getAttribute("data-href") : null;
        holder.innerHTML = html;
        rememberQueue();
        if (selectedHref) {
          var row = holder.querySelector("tr[data-href='" + selectedHref + "']");
          if (row) { row.classList.add("is-selected"); }
        }
      })
      .catch(function () { /* offline for a moment: try again next time */ });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var autofocus = document.querySelector("[data-autofocus]");
    // A link to a form field ("/reply#body") lands in it, ready to type.
    var linked = location.hash.length > 1 ? document.getElementById(location.hash.slice(1)) : null;
    if (linked && typing(linked)) { linked.focus(); } else if (autofocus) { autofocus.focus(); }
    document.querySelectorAll("[data-help-open]").forEach(function (button) {
      button.addEventListener("click", toggleHelp);
    });
    if (document.body.classList.contains("page-queue")) {
      rememberQueue();
      var holder = document.getElementById("queue-table");
      if (holder) { setInterval(function () { refreshQueue(holder); }, REFRESH_MS); }
    }
  });
})();
