// Samadhan agent workspace: keyboard shortcuts, list cursor, bulk selection,
// composer helpers and @mention suggestions. Plain JS; htmx does the requests.
(function () {
  "use strict";

  function typing(el) {
    if (!el) return false;
    var tag = el.tagName;
    return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || el.isContentEditable;
  }

  function openDialog(id) {
    var dialog = document.getElementById(id);
    if (dialog && !dialog.open) dialog.showModal();
  }

  // --- list cursor (inbox, contact tickets) --------------------------------
  function rows() {
    return Array.prototype.slice.call(document.querySelectorAll("[data-row-link]"));
  }
  function moveCursor(step) {
    var all = rows();
    if (!all.length) return;
    var current = all.findIndex(function (r) { return r.classList.contains("is-cursor"); });
    var next = Math.min(all.length - 1, Math.max(0, current + step));
    if (current >= 0) all[current].classList.remove("is-cursor");
    all[next].classList.add("is-cursor");
    all[next].scrollIntoView({ block: "nearest" });
    var link = all[next].querySelector("a.subject");
    if (link) link.focus({ preventScroll: true });
  }
  function cursorRow() {
    return document.querySelector("[data-row-link].is-cursor");
  }

  // --- bulk selection ---------------------------------------------------------
  function updateBulkBar() {
    var bar = document.querySelector("[data-bulkbar]");
    if (!bar) return;
    var checked = document.querySelectorAll("input[data-select-ticket]:checked").length;
    var counter = bar.querySelector("[data-selected-count]");
    if (counter) counter.textContent = String(checked);
    bar.hidden = checked === 0;
  }
  document.addEventListener("change", function (event) {
    var target = event.target;
    if (target.matches && target.matches("input[data-select-all]")) {
      document.querySelectorAll("input[data-select-ticket]").forEach(function (box) {
        box.checked = target.checked;
      });
    }
    if (target.matches && (target.matches("input[data-select-ticket]") || target.matches("input[data-select-all]"))) {
      updateBulkBar();
    }
    if (target.matches && target.matches("input[name=kind][data-composer-kind]")) {
      var composer = target.closest(".composer");
      if (composer) composer.classList.toggle("is-note", target.value === "note");
    }
    if (target.matches && target.matches("select[data-bulk-action]")) {
      var bar = target.closest("[data-bulkbar]");
      bar.querySelectorAll("[data-bulk-arg]").forEach(function (el) {
        el.hidden = el.getAttribute("data-bulk-arg") !== target.value;
        el.querySelectorAll("select, input").forEach(function (input) { input.disabled = el.hidden; });
      });
    }
  });

  // --- composer ------------------------------------------------------------------
  function composerKind(kind) {
    var radio = document.querySelector("input[name=kind][value=" + kind + "][data-composer-kind]");
    if (!radio) return false;
    radio.checked = true;
    radio.dispatchEvent(new Event("change", { bubbles: true }));
    var box = document.getElementById("composer-body");
    if (box) box.focus();
    return true;
  }

  // --- @mentions --------------------------------------------------------------------
  function mentionSetup(textarea) {
    var agents = [];
    try { agents = JSON.parse(textarea.getAttribute("data-mentions") || "[]"); } catch (e) { agents = []; }
    var list = document.getElementById(textarea.getAttribute("aria-controls"));
    if (!list || !agents.length) return;
    var active = -1;
    var matches = [];

    function currentWord() {
      var upto = textarea.value.slice(0, textarea.selectionStart);
      var m = /(^|\s)@([\p{L}\p{M}\p{N}_.-]*)$/u.exec(upto);
      return m ? m[2] : null;
    }
    function close() {
      list.hidden = true; list.innerHTML = ""; active = -1; matches = [];
      textarea.setAttribute("aria-expanded", "false");
      textarea.removeAttribute("aria-activedescendant");
    }
    function choose(i) {
      var agent = matches[i];
      if (!agent) return;
      var pos = textarea.selectionStart;
      var upto = textarea.value.slice(0, pos);
      var start = upto.lastIndexOf("@");
      textarea.value = textarea.value.slice(0, start) + "@" + agent.handle + " " + textarea.value.slice(pos);
      var caret = start + agent.handle.length + 2;
      textarea.setSelectionRange(caret, caret);
      close();
      textarea.focus();
    }
    function render() {
      list.innerHTML = "";
      matches.forEach(function (agent, i) {
        var li = document.createElement("li");
        li.id = textarea.id + "-opt-" + i;
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", i === active ? "true" : "false");
        li.textContent = agent.name + " (@" + agent.handle + ")";
        li.addEventListener("mousedown", function (e) { e.preventDefault(); choose(i); });
        list.appendChild(li);
      });
      list.hidden = matches.length === 0;
      textarea.setAttribute("aria-expanded", matches.length ? "true" : "false");
      if (active >= 0) textarea.setAttribute("aria-activedescendant", textarea.id + "-opt-" + active);
    }
    textarea.addEventListener("input", function () {
      var word = currentWord();
      if (word === null) { close(); return; }
      var needle = word.toLowerCase();
      matches = agents.filter(function (a) {
        return a.handle.toLowerCase().indexOf(needle) === 0 || a.name.toLowerCase().indexOf(needle) >= 0;
      }).slice(0, 8);
      active = matches.length ? 0 : -1;
      render();
    });
    textarea.addEventListener("keydown", function (e) {
      if (list.hidden) return;
      if (e.key === "ArrowDown") { active = (active + 1) % matches.length; render(); e.preventDefault(); }
      else if (e.key === "ArrowUp") { active = (active - 1 + matches.length) % matches.length; render(); e.preventDefault(); }
      else if (e.key === "Enter" || e.key === "Tab") { if (active >= 0) { choose(active); e.preventDefault(); } }
      else if (e.key === "Escape") { close(); e.stopPropagation(); }
    });
    textarea.addEventListener("blur", function () { setTimeout(close, 150); });
  }

  function init(root) {
    root.querySelectorAll("textarea[data-mentions]").forEach(mentionSetup);
    updateBulkBar();
  }
  document.addEventListener("DOMContentLoaded", function () { init(document); });
  document.addEventListener("htmx:load", function (e) { if (e.target !== document.body) init(e.target); });

  // --- dialogs ----------------------------------------------------------------------
  document.addEventListener("click", function (event) {
    var opener = event.target.closest && event.target.closest("[data-open-dialog]");
    if (opener) {
      event.preventDefault();
      openDialog(opener.getAttribute("data-open-dialog"));
    }
  });

  // --- global keys --------------------------------------------------------------------
  var pendingG = false;
  document.addEventListener("keydown", function (event) {
    var el = document.activeElement;
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey) && el && el.id === "composer-body") {
      event.preventDefault();
      el.form.requestSubmit();
      return;
    }
    if (event.key === "Escape" && typing(el)) { el.blur(); return; }
    if (typing(el) || event.altKey || event.ctrlKey || event.metaKey) return;
    if (document.querySelector("dialog[open]")) return;
    var key = event.key;
    if (pendingG) {
      pendingG = false;
      if (key === "i") {
        var home = document.querySelector("a.brand");
        if (home) { window.location.href = home.href; event.preventDefault(); }
      }
      return;
    }
    var handled = true;
    if (key === "?") openDialog("shortcuts");
    else if (key === "/") { var search = document.querySelector("[data-shortcut='/']"); if (search) search.focus(); }
    else if (key === "g") pendingG = true;
    else if (key === "j") moveCursor(1);
    else if (key === "k") moveCursor(-1);
    else if (key === "o" || key === "Enter") {
      var row = cursorRow();
      var link = row && row.querySelector("a.subject");
      if (link) window.location.href = link.href; else handled = false;
    } else if (key === "x") {
      var selected = cursorRow();
      var box = selected && selected.querySelector("input[data-select-ticket]");
      if (box) { box.checked = !box.checked; updateBulkBar(); } else handled = false;
    } else if (key === "r") handled = composerKind("reply");
    else if (key === "n") handled = composerKind("note");
    else if (key === "m") {
      var macro = document.getElementById("macro-select");
      if (macro) macro.focus(); else handled = false;
    } else if (key === "a") {
      var assign = document.querySelector("[data-shortcut-action='assign-me']");
      if (assign) assign.click(); else handled = false;
    } else handled = false;
    if (handled) event.preventDefault();
  });
})();
