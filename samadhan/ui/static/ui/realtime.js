// Samadhan agent workspace, live: one socket per page (/ws/agent/<slug>/, docs/realtime.md),
// reconnecting with backoff. The inbox and the counts refresh through their usual views,
// new messages arrive as the server-rendered partial, viewers and typing show on the
// ticket page, the header menu sets presence, chats raise desktop notifications.
// Every sentence comes translated from data attributes (ui/partials/realtime.html).
(function () {
  "use strict";
  var root = document.getElementById("realtime");
  if (!root || !("WebSocket" in window)) return;
  var data = root.dataset;
  var me = Number(data.agentId);
  var HEARTBEAT_MS = 25000;
  var IDLE_MS = 5 * 60 * 1000;
  var TYPING_IDLE_MS = 3000;
  var TYPING_SHOWN_MS = 8000;

  function t(key, values) {
    var text = data["t" + key] || "";
    Object.keys(values || {}).forEach(function (name) {
      text = text.split("{" + name + "}").join(values[name]);
    });
    return text;
  }
  function listOf(names) {
    try {
      return new Intl.ListFormat(document.documentElement.lang || undefined, { type: "conjunction" }).format(names);
    } catch (e) { return names.join(", "); }
  }
  function announce(text) {
    var region = document.getElementById("live-announcer");
    if (!region || !text) return;
    region.textContent = "";
    window.setTimeout(function () { region.textContent = text; }, 50);
  }
  // At most one call per ``ms``, the last one always made: a busy workspace (many
  // changes a second) must neither starve the refresh nor multiply it.
  function throttle(fn, ms) {
    var timer = null;
    return function () {
      if (timer === null) timer = window.setTimeout(function () { timer = null; fn(); }, ms);
    };
  }

  // --- the socket -----------------------------------------------------------------
  var socket = null;
  var attempts = 0;
  var connectedOnce = false;
  var leaving = false;

  function send(frame) {
    if (socket && socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(frame));
  }
  function setOffline(offline) {
    var badge = document.querySelector("[data-live-offline]");
    if (badge) badge.hidden = !offline;
  }
  function connect() {
    var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    socket = new WebSocket(scheme + window.location.host + data.wsPath);
    socket.addEventListener("open", function () {
      attempts = 0;
      setOffline(false);
      var ticket = currentTicket();
      if (ticket) send({ type: "view", ticket_id: ticket.id });
      heartbeat();
      if (connectedOnce) { refreshInbox(false); refreshCounts(); }  // what was missed
      connectedOnce = true;
    });
    socket.addEventListener("message", function (message) {
      var event;
      try { event = JSON.parse(message.data); } catch (e) { return; }
      handle(event);
    });
    socket.addEventListener("close", function () {
      socket = null;
      if (leaving) return;
      if (connectedOnce) setOffline(true);
      // 1 s, 2 s, 4 s ... 30 s, with jitter so a restarted server is not hit at once.
      var delay = Math.min(30000, 1000 * Math.pow(2, attempts)) * (0.5 + Math.random() / 2);
      attempts += 1;
      window.setTimeout(connect, delay);
    });
  }
  window.addEventListener("pagehide", function () { leaving = true; if (socket) socket.close(); });

  function handle(event) {
    switch (event.type) {
      case "ticket.changed": onTicketChanged(event); break;
      case "message.created": onMessage(event); break;
      case "viewing": onViewing(event); break;
      case "typing": onTyping(event); break;
      case "presence": if (event.agent_id === me) showPresence(event.status); break;
      case "notification": onNotification(event); break;
      case "receipt": onReceipt(event); break;
      default: break;
    }
  }

  // --- inbox and counts --------------------------------------------------------------
  var refreshCounts = throttle(function () {
    document.body.dispatchEvent(new CustomEvent("realtime-counts"));
  }, 5000);

  function inboxBusy(inbox) {
    // Never pull the list from under an agent who is selecting or filtering.
    if (inbox.querySelector("input[data-select-ticket]:checked")) return true;
    if (inbox.querySelector("details[open]")) return true;
    var el = document.activeElement;
    return Boolean(el && inbox.contains(el) && /^(INPUT|SELECT|TEXTAREA)$/.test(el.tagName));
  }
  function refreshInbox(force) {
    var inbox = document.querySelector("[data-live-inbox]");
    if (!inbox || !window.htmx) return;
    if (!force && inboxBusy(inbox)) {
      var button = inbox.querySelector("[data-live-refresh]");
      if (button) button.hidden = false;
      return;
    }
    var cursor = inbox.querySelector("[data-row-link].is-cursor");
    var number = cursor && cursor.getAttribute("data-number");
    window.htmx.ajax("GET", window.location.pathname + window.location.search, {
      target: "#inbox", select: "#inbox", swap: "outerHTML"
    }).then(function () {
      if (!number) return;
      var row = document.querySelector("[data-row-link][data-number='" + number + "']");
      if (row) row.classList.add("is-cursor");
    });
  }
  var scheduleInbox = throttle(function () { refreshInbox(false); }, 1500);
  document.addEventListener("click", function (event) {
    if (event.target.closest && event.target.closest("[data-live-refresh]")) refreshInbox(true);
  });

  function onTicketChanged(event) {
    scheduleInbox();
    refreshCounts();
    var ticket = currentTicket();
    if (ticket && event.ticket_id === ticket.id && event.cause !== "message.created") {
      var stale = document.querySelector("[data-ticket-stale]");
      if (stale) stale.hidden = false;
    }
  }

  // --- the ticket page -----------------------------------------------------------------
  function currentTicket() {
    var el = document.querySelector("[data-ticket-live]");
    return el ? { id: Number(el.getAttribute("data-ticket-id")), el: el } : null;
  }

  function onMessage(event) {
    var ticket = currentTicket();
    var thread = document.getElementById("thread");
    if (!ticket || !thread || event.ticket_id !== ticket.id) return;
    if (document.getElementById("m" + event.message_id)) return;
    if (event.author_kind === "contact") { delete typers.visitor; renderTyping(); }
    var url = ticket.el.getAttribute("data-message-url").replace(/\/0$/, "/" + event.message_id);
    window.fetch(url, { credentials: "same-origin", headers: { "X-Requested-With": "fetch" } })
      .then(function (response) { return response.ok ? response.text() : ""; })
      .then(function (html) {
        if (!html || document.getElementById("m" + event.message_id)) return;
        thread.insertAdjacentHTML("beforeend", html);
        var item = document.getElementById("m" + event.message_id);
        if (item) {
          item.classList.add("is-new");
          if (window.htmx) window.htmx.process(item);
        }
        announce(t("NewMessage"));
      });
  }

  function onViewing(event) {
    var box = document.querySelector("[data-live-viewers]");
    var ticket = currentTicket();
    if (!ticket || event.ticket_id !== ticket.id) return;
    ticket.el.setAttribute("data-joined", "");  // the ticket's live events now reach this page
    if (!box) return;
    var others = event.viewers.filter(function (v) { return v.agent_id !== me; })
      .map(function (v) { return v.name; });
    box.textContent = others.length ? t("Viewing", { names: listOf(others) }) : "";
    box.hidden = others.length === 0;
  }

  // The customer read the replies up to a message: mark the last reply they saw.
  function onReceipt(event) {
    var ticket = currentTicket();
    if (!ticket || event.ticket_id !== ticket.id || !event.who || event.who.kind !== "visitor") return;
    var seen = null;
    document.querySelectorAll("#thread > li.msg.outbound").forEach(function (item) {
      if (Number(item.id.slice(1)) <= event.up_to_message_id) seen = item;
    });
    if (!seen || seen.querySelector("[data-seen]")) return;
    document.querySelectorAll("#thread [data-seen]").forEach(function (old) { old.remove(); });
    var mark = document.createElement("span");
    mark.className = "badge seen";
    mark.setAttribute("data-seen", "");
    mark.textContent = t("Seen");
    seen.querySelector("header").appendChild(mark);
  }

  var typers = {};  // who → {text, until}
  function renderTyping() {
    var box = document.querySelector("[data-live-typing]");
    if (!box) return;
    var now = Date.now();
    var lines = [];
    Object.keys(typers).forEach(function (key) {
      if (typers[key].until < now) delete typers[key]; else lines.push(typers[key].text);
    });
    var text = lines.join(" · ");
    if (box.textContent !== text) box.textContent = text;
  }
  window.setInterval(renderTyping, 2000);

  function onTyping(event) {
    var ticket = currentTicket();
    var who = event.who || {};
    if (!ticket || event.ticket_id !== ticket.id || who.agent_id === me) return;
    var key = who.kind === "agent" ? "agent-" + who.agent_id : "visitor";
    if (!event.typing) { delete typers[key]; renderTyping(); return; }
    var text = who.kind !== "agent" ? t("CustomerTyping")
      : t(event.mode === "note" ? "TypingNote" : "TypingReply", { name: who.name });
    typers[key] = { text: text, until: Date.now() + TYPING_SHOWN_MS };
    renderTyping();
  }

  // Typing in the composer: "started" at once, refreshed while it goes on, "stopped" after a pause.
  var typingMode = null;
  var typingSentAt = 0;
  var typingTimer = null;
  function composerMode() {
    var radio = document.querySelector("input[name=kind][data-composer-kind]:checked");
    return radio && radio.value === "note" ? "note" : "reply";
  }
  function sendTyping(on, mode) {
    var ticket = currentTicket();
    if (!ticket || !mode) return;
    send({ type: "typing", ticket_id: ticket.id, typing: on, mode: mode });
    typingMode = on ? mode : null;
    typingSentAt = on ? Date.now() : 0;
  }
  function stopTyping() {
    window.clearTimeout(typingTimer);
    if (typingMode) sendTyping(false, typingMode);
  }
  document.addEventListener("input", function (event) {
    if (!event.target || event.target.id !== "composer-body" || !currentTicket()) return;
    var mode = composerMode();
    if (typingMode && typingMode !== mode) sendTyping(false, typingMode);
    if (typingMode !== mode || Date.now() - typingSentAt > TYPING_SHOWN_MS / 2) sendTyping(true, mode);
    window.clearTimeout(typingTimer);
    typingTimer = window.setTimeout(stopTyping, TYPING_IDLE_MS);
  });
  document.addEventListener("change", function (event) {
    // A reply turned into a note: the customer's "typing" must stop now.
    if (event.target.matches && event.target.matches("input[name=kind][data-composer-kind]") &&
        typingMode && typingMode !== composerMode()) stopTyping();
  });
  document.addEventListener("submit", function (event) {
    if (event.target && event.target.id === "composer") stopTyping();
  });

  // --- presence ---------------------------------------------------------------------------
  var lastInput = Date.now();
  var idle = false;
  function heartbeat() {
    idle = Date.now() - lastInput > IDLE_MS;
    send({ type: "heartbeat", active: !idle });
  }
  ["keydown", "mousedown", "mousemove", "touchstart", "wheel"].forEach(function (name) {
    document.addEventListener(name, function () {
      lastInput = Date.now();
      if (idle) heartbeat();  // back from idle: online again at once
    }, { passive: true });
  });
  window.setInterval(heartbeat, HEARTBEAT_MS);

  function showPresence(status) {
    var dot = document.querySelector("[data-presence-dot]");
    var label = document.querySelector("[data-presence-label]");
    if (dot) dot.setAttribute("data-status", status);
    if (label) label.textContent = t(status.charAt(0).toUpperCase() + status.slice(1));
    document.querySelectorAll("[data-presence-choose]").forEach(function (button) {
      button.setAttribute("aria-pressed", String(button.getAttribute("data-presence-choose") === status));
    });
  }
  document.addEventListener("click", function (event) {
    var choice = event.target.closest && event.target.closest("[data-presence-choose]");
    if (!choice) return;
    lastInput = Date.now();
    send({ type: "presence", status: choice.getAttribute("data-presence-choose") });
    var menu = choice.closest("details");
    if (menu) menu.open = false;
  });

  // --- desktop notifications ---------------------------------------------------------------
  var canNotify = "Notification" in window;
  function notificationButton() {
    var button = document.querySelector("[data-notifications-enable]");
    if (button) button.hidden = !canNotify || window.Notification.permission !== "default";
  }
  document.addEventListener("click", function (event) {
    // Asked only on the agent's own click, as browsers require.
    if (!(event.target.closest && event.target.closest("[data-notifications-enable]"))) return;
    window.Notification.requestPermission().then(notificationButton);
  });
  function onNotification(event) {
    var title = t(event.reason === "new_ticket" ? "NewChat" : "NewChatMessage", { number: event.number });
    var url = data.ticketUrl.replace(/\/0\/$/, "/" + event.number + "/");
    var ticket = currentTicket();
    if (ticket && ticket.id === event.ticket_id && !document.hidden) return;  // already in front of it
    if (canNotify && window.Notification.permission === "granted") {
      var shown = new window.Notification(title, { tag: "ticket-" + event.ticket_id, lang: document.documentElement.lang });
      shown.onclick = function () { window.focus(); window.location.href = url; shown.close(); };
    } else {
      announce(title);
    }
  }

  document.addEventListener("DOMContentLoaded", notificationButton);
  if (document.readyState !== "loading") notificationButton();
  connect();
})();
