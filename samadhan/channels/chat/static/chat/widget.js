/*! Samadhan chat widget — one file, no framework, no build step. AGPL/MIT as the project.
 * Embed: <script async src="https://HOST/static/chat/widget.js" data-samadhan-inbox="PUBLIC_ID"></script>
 * API: Samadhan.open() .close() .identify({user_id, email, name, user_hash}) .on(event, cb) .setLanguage(code)
 * Every user-supplied text is rendered with textContent, never as HTML.
 */
(function () {
  "use strict";
  var pending = window.Samadhan && window.Samadhan.q;
  if (window.Samadhan && window.Samadhan.loaded) return;
  var script = document.currentScript || document.querySelector("script[data-samadhan-inbox]");
  if (!script) return;
  var INBOX = script.getAttribute("data-samadhan-inbox");
  var BASE = new URL(script.src, location.href).origin;
  var API = BASE + "/chat/v1/" + encodeURIComponent(INBOX);
  var WS = BASE.replace(/^http/, "ws") + "/ws/chat/" + encodeURIComponent(INBOX) + "/";
  var KEY = "samadhan." + INBOX + ".";
  // Until the server's (translated) strings arrive.
  var EN = {
    title: "Chat with us", open: "Open chat", close: "Close chat", placeholder: "Write a message…",
    send: "Send", attach: "Attach a file", emoji: "Insert emoji", online: "We are online",
    away: "We are away right now. Leave a message and your email: we will reply by email.",
    closed: "We are closed now. Leave a message and your email: we will reply by email.",
    away_later: "We are away right now. Leave a message: we will answer when we are back.",
    closed_later: "We are closed now. Leave a message: we will answer when we open.",
    reply_time: "We usually reply within %(minutes)s minutes.", typing: "%(name)s is typing…",
    agent: "Support", you: "You", delivered: "Delivered", read: "Read", sending: "Sending…",
    failed: "Not sent yet; retrying", new_messages: "New messages: %(count)s", name: "Your name",
    email: "Your email", start: "Start chat", email_prompt: "Your email, so we can reply if you leave",
    save: "Save", saved: "Thank you: we will reply to this address.", reconnecting: "Reconnecting…",
    too_long: "The message is too long.", file_too_large: "The file is too large.", messages: "Messages"
  };
  var EMOJI = ["😀", "😊", "🙂", "😉", "😍", "🙏", "👍", "👎", "👏", "🎉", "❤️", "😢",
    "😮", "😅", "🤔", "😡", "✅", "❌", "📦", "🚚", "💳", "📞", "⏰", "🙌"];

  // --- storage ------------------------------------------------------------------
  function load(name, fallback) {
    try { var v = localStorage.getItem(KEY + name); return v ? JSON.parse(v) : fallback; }
    catch (e) { return fallback; }
  }
  function save(name, value) {
    try { localStorage.setItem(KEY + name, JSON.stringify(value)); } catch (e) { /* private mode */ }
  }

  var S = {
    token: load("token", ""),
    outbox: load("outbox", []),      // [{client_id, text, uploads, files}] until acked
    messages: {},                    // id -> server message
    config: null, visitor: {}, strings: EN,
    open: load("open", false), unread: 0, readUpTo: 0, agentReadUpTo: 0,
    language: "", identity: null, ws: null, wsReady: false, attempt: 0, polling: false,
    ticketId: null, handlers: {}, inFlight: {}, typingUntil: 0, agentTyping: null, fatal: ""
  };

  function t(key, params) {
    var s = (S.strings && S.strings[key]) || EN[key] || key;
    if (params) for (var k in params) s = s.split("%(" + k + ")s").join(String(params[k]));
    return s;
  }
  function emit(name, data) {
    (S.handlers[name] || []).forEach(function (cb) { try { cb(data); } catch (e) { /* host's bug */ } });
  }
  function pickLanguage() {
    return S.language || (document.documentElement.getAttribute("lang") || "") ||
      (navigator.language || "en");
  }
  function uid() {
    var a = new Uint8Array(12); (window.crypto || window.msCrypto).getRandomValues(a);
    return Array.prototype.map.call(a, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  // --- HTTP ---------------------------------------------------------------------
  function http(method, path, body, isForm) {
    var headers = {};
    if (S.token) headers.Authorization = "Bearer " + S.token;
    if (body && !isForm) headers["Content-Type"] = "application/json";
    return fetch(API + path, {
      method: method, headers: headers, mode: "cors", credentials: "omit",
      body: body ? (isForm ? body : JSON.stringify(body)) : undefined
    }).then(function (r) {
      return r.json().catch(function () { return {}; }).then(function (data) {
        if (!r.ok) { var err = new Error(data.message || r.statusText); err.status = r.status; err.data = data; throw err; }
        return data;
      });
    });
  }

  function startSession() {
    var body = { token: S.token, language: pickLanguage() };
    if (S.identity) body.identity = S.identity;
    return (S.starting = http("POST", "/session", body).then(function (data) {
      S.starting = null;
      if (data.token) { S.token = data.token; save("token", S.token); }
      S.config = data.config; S.strings = data.config.strings; S.visitor = data.visitor || {};
      S.ticketId = data.ticket_id; S.readUpTo = data.read_up_to; S.agentReadUpTo = data.agent_read_up_to;
      S.messages = {};
      (data.messages || []).forEach(addMessage);
      // What was typed before the session (or kept from the last page) goes now.
      countUnread(); render(); connect(); flush();
    }).catch(function (err) {
      S.starting = null;
      if (err.status === 403 || err.status === 404) { S.fatal = err.message; render(); return; }
      setTimeout(startSession, backoff());
    }));
  }
  // Identity or language changed: a new session once the one being started is there.
  function restart() {
    (S.starting || Promise.resolve()).then(function () {
      var old = S.ws;
      S.ws = null; S.wsReady = false; S.inFlight = {};
      if (old) old.close();
      startSession();
    });
  }

  // --- socket, with reconnect and long-poll fallback ----------------------------
  function backoff() {
    var ms = Math.min(30000, 1000 * Math.pow(2, S.attempt++));
    return ms / 2 + Math.random() * ms / 2;
  }
  function connect() {
    if (S.ws || !S.token || S.fatal) return;
    var ws;
    try { ws = new WebSocket(WS + "?token=" + encodeURIComponent(S.token) + "&lang=" + encodeURIComponent(S.strings === EN ? "en" : S.config.language)); }
    catch (e) { return reconnectLater(); }
    S.ws = ws;
    // A proxy may accept the upgrade and then pass nothing: no "ready", no socket.
    var ready = setTimeout(function () { if (!S.wsReady && S.ws === ws) ws.close(); }, 10000);
    ws.onmessage = function (e) {
      var data; try { data = JSON.parse(e.data); } catch (x) { return; }
      onEvent(data);
    };
    ws.onclose = function (e) {
      clearTimeout(ready);
      if (S.ws !== ws) return;
      S.ws = null; S.wsReady = false; S.inFlight = {};
      clearInterval(S.ping);
      if (e.code === 4403 || e.code === 4404) { S.fatal = S.fatal || t("reconnecting"); render(); return; }
      if (e.code === 4401) { S.token = ""; save("token", ""); startSession(); return; }
      render(); reconnectLater();
    };
  }
  function reconnectLater() {
    clearTimeout(S.retry);
    S.retry = setTimeout(connect, backoff());
    if (S.attempt > 1) poll();   // the socket keeps failing: a proxy may block it
  }
  function send(data) {
    if (S.wsReady && S.ws) { S.ws.send(JSON.stringify(data)); return true; }
    return false;
  }
  function refreshStatus() {
    // Agents come and go and opening hours end: the online notice follows.
    if (!S.config) return;
    http("GET", "/config?lang=" + encodeURIComponent(S.config.language)).then(function (c) {
      S.config.status = c.status; render();
    }).catch(function () {});
  }
  function lastId() {
    var ids = Object.keys(S.messages).map(Number);
    return ids.length ? Math.max.apply(null, ids) : 0;
  }
  function poll() {
    if (S.polling || S.wsReady || !S.token || S.fatal) return;
    S.polling = true;
    http("GET", "/poll?after=" + lastId()).then(function (data) {
      S.polling = false;
      (data.messages || []).forEach(function (m) { onEvent(Object.assign({ type: "message.created" }, m)); });
      (data.events || []).forEach(onEvent);
      flush();
      poll();
    }).catch(function (err) {
      S.polling = false;
      if (err.status === 401) { S.token = ""; save("token", ""); startSession(); return; }
      setTimeout(poll, backoff());
    });
  }

  function onEvent(ev) {
    if (ev.type === "ready") {
      S.wsReady = true; S.attempt = 0;
      clearInterval(S.ping);
      S.ping = setInterval(function () { send({ type: "ping" }); refreshStatus(); }, 25000);
      // Whatever came while we were away, then the outbox: nothing typed is lost.
      http("GET", "/messages?after=" + lastId()).then(function (d) { (d.messages || []).forEach(addMessage); render(); });
      flush(); markRead(); render();
    } else if (ev.type === "ack") {
      acked(ev);
    } else if (ev.type === "message.created") {
      var isNew = !S.messages[ev.id];
      addMessage(ev);
      if (ev.client_id) dropOutbox(ev.client_id);
      if (isNew && ev.author && ev.author.kind !== "visitor") {
        S.agentTyping = null;
        emit("message", ev);
        if (!S.open || document.hidden) { countUnread(); } else { markRead(); }
      }
      render();
    } else if (ev.type === "typing" && ev.who && ev.who.kind !== "visitor") {
      S.agentTyping = ev.typing ? { name: ev.who.name, until: Date.now() + 8000 } : null;
      render();
      if (ev.typing) setTimeout(render, 8100);
    } else if (ev.type === "receipt" && ev.status === "read") {
      S.agentReadUpTo = Math.max(S.agentReadUpTo, ev.up_to_message_id || 0); render();
    } else if (ev.type === "error") {
      if (ev.client_id && (ev.code === "too_large" || ev.code === "validation_error")) dropOutbox(ev.client_id);
      if (ev.client_id) delete S.inFlight[ev.client_id];
      if (ev.code === "rate_limited") setTimeout(flush, 5000);
      S.notice = ev.message; render();
    }
  }

  function addMessage(m) {
    S.messages[m.id] = m;
    if (m.ticket_id) S.ticketId = m.ticket_id;
  }
  function acked(a) {
    delete S.inFlight[a.client_id];
    var item = S.outbox.filter(function (o) { return o.client_id === a.client_id; })[0];
    if (!S.messages[a.message_id] && item) {
      addMessage({ id: a.message_id, ticket_id: a.ticket_id, client_id: a.client_id, text: item.text,
        author: { kind: "visitor", name: "" }, created_at: a.created_at, attachments: item.files || [] });
    }
    dropOutbox(a.client_id); render();
  }
  function dropOutbox(clientId) {
    S.outbox = S.outbox.filter(function (o) { return o.client_id !== clientId; });
    save("outbox", S.outbox);
  }
  function flush() {
    S.outbox.forEach(function (item) {
      if (S.inFlight[item.client_id]) return;
      S.inFlight[item.client_id] = true;
      var data = { type: "message", client_id: item.client_id, text: item.text, uploads: item.uploads || [] };
      if (send(data)) return;
      if (!S.token) { delete S.inFlight[item.client_id]; return; }
      http("POST", "/messages", data).then(acked).catch(function (err) {
        delete S.inFlight[item.client_id];
        if (err.status === 413 || err.status === 422) { dropOutbox(item.client_id); S.notice = err.message; render(); }
        else setTimeout(flush, 3000);  // the server is away: the outbox keeps it
      });
    });
  }
  function countUnread() {
    var n = 0;
    for (var id in S.messages) {
      var m = S.messages[id];
      if (m.author.kind !== "visitor" && m.id > S.readUpTo) n++;
    }
    if (n !== S.unread) { S.unread = n; emit("unread", n); }
  }
  function markRead() {
    if (!S.open) return;
    var top = 0;
    for (var id in S.messages) if (S.messages[id].author.kind !== "visitor") top = Math.max(top, +id);
    if (top > S.readUpTo) {
      S.readUpTo = top;
      if (!send({ type: "read", up_to_message_id: top })) http("POST", "/read", { up_to_message_id: top }).catch(function () {});
    }
    if (S.unread) { S.unread = 0; emit("unread", 0); }
  }

  // --- user actions --------------------------------------------------------------
  function submit(text, uploads, files) {
    if (!text.trim() && !uploads.length) return;
    var limit = (S.config && S.config.limits.message_chars) || 5000;
    if (text.length > limit) { S.notice = t("too_long"); render(); return; }
    S.outbox.push({ client_id: uid(), text: text, uploads: uploads, files: files });
    save("outbox", S.outbox);
    typing(false);
    render(); flush();
  }
  function typing(on) {
    var now = Date.now();
    clearTimeout(S.idle);
    if (on) S.idle = setTimeout(function () { typing(false); }, 5000);
    if (on && now < S.typingUntil) return;
    if (!on && !S.typingUntil) return;
    S.typingUntil = on ? now + 3000 : 0;
    if (!S.ticketId) return;
    if (!send({ type: "typing", typing: on })) http("POST", "/typing", { typing: on }).catch(function () {});
  }
  function upload(file) {
    var max = (S.config && S.config.limits.upload_bytes) || 10485760;
    if (file.size > max) { S.notice = t("file_too_large"); render(); return; }
    var form = new FormData(); form.append("file", file);
    http("POST", "/uploads", form, true).then(function (u) {
      var preview = /^image\//.test(file.type) ? URL.createObjectURL(file) : "";
      submit("", [u.upload], [{ filename: u.filename, content_type: u.content_type, size: u.size, url: preview, local: true }]);
    }).catch(function (err) { S.notice = err.message; render(); });
  }

  // --- DOM -------------------------------------------------------------------------
  var host, root, el = {};
  function h(tag, attrs, children) {
    var n = document.createElement(tag);
    for (var k in attrs || {}) {
      if (k === "text") n.textContent = attrs[k];
      else if (k.slice(0, 2) === "on") n.addEventListener(k.slice(2), attrs[k]);
      else n.setAttribute(k, attrs[k]);
    }
    (children || []).forEach(function (c) { if (c) n.appendChild(c); });
    return n;
  }
  function icon(d) {
    var NS = "http://www.w3.org/2000/svg", svg = document.createElementNS(NS, "svg"), path = document.createElementNS(NS, "path");
    svg.setAttribute("viewBox", "0 0 24 24"); svg.setAttribute("aria-hidden", "true");
    path.setAttribute("d", d); svg.appendChild(path);
    return svg;
  }
  function fonts() {
    if (document.getElementById("samadhan-chat-fonts")) return;
    // @font-face must live in the document (not the shadow root) to apply inside it.
    var f = BASE + "/static/ui/fonts/", css = "";
    [["Devanagari", "noto-sans-devanagari-devanagari", "U+0900-097F,U+1CD0-1CF9,U+200C-200D,U+20A8,U+20B9,U+25CC,U+A830-A839,U+A8E0-A8FF"],
     ["Telugu", "noto-sans-telugu-telugu", "U+0951-0952,U+0964-0965,U+0C00-0C7F,U+1CDA,U+200C-200D,U+25CC"]].forEach(function (x) {
      [400, 600].forEach(function (w) {
        css += "@font-face{font-family:'Samadhan Noto " + x[0] + "';font-style:normal;font-display:swap;font-weight:" + w +
          ";src:url(" + f + x[1] + "-" + w + "-normal.woff2) format('woff2');unicode-range:" + x[2] + "}";
      });
    });
    document.head.appendChild(h("style", { id: "samadhan-chat-fonts", text: css }));
  }
  var CSS = ":host{all:initial}*{box-sizing:border-box;font-family:system-ui,-apple-system,'Segoe UI',Roboto,'Samadhan Noto Devanagari','Samadhan Noto Telugu',sans-serif}" +
    ".w{position:fixed;bottom:20px;z-index:2147483000;display:flex;flex-direction:column;gap:12px;font-size:15px;line-height:1.45;color:#1b1f24}" +
    ".w.right{right:20px;align-items:flex-end}.w.left{left:20px;align-items:flex-start}" +
    "button{font:inherit;cursor:pointer}button:focus-visible,textarea:focus-visible,input:focus-visible,a:focus-visible{outline:3px solid #ffbf47;outline-offset:2px}" +
    ".launch{position:relative;width:60px;height:60px;border-radius:50%;border:0;background:var(--c);color:#fff;box-shadow:0 4px 14px rgba(0,0,0,.25)}" +
    ".launch svg{width:28px;height:28px;fill:currentColor}" +
    ".badge{position:absolute;top:-4px;right:-4px;min-width:22px;height:22px;padding:0 6px;border-radius:11px;background:#d1242f;color:#fff;font-size:12px;line-height:22px;font-weight:600}" +
    ".panel{width:min(380px,calc(100vw - 40px));height:min(600px,calc(100vh - 110px));background:#fff;border-radius:14px;box-shadow:0 8px 30px rgba(0,0,0,.25);display:flex;flex-direction:column;overflow:hidden}" +
    ".head{background:var(--c);color:#fff;padding:14px 16px;display:flex;gap:10px;align-items:center}" +
    ".head img{width:36px;height:36px;border-radius:50%;object-fit:cover;background:#fff}" +
    ".head .t{flex:1;min-width:0}.head h2{margin:0;font-size:17px;font-weight:600;overflow-wrap:anywhere}" +
    ".head p{margin:2px 0 0;font-size:13px;opacity:.92;overflow-wrap:anywhere}" +
    ".x{background:transparent;border:0;color:#fff;font-size:22px;width:36px;height:36px;border-radius:8px}" +
    ".log{flex:1;overflow-y:auto;padding:14px;display:flex;flex-direction:column;gap:8px;background:#f6f8fa}" +
    ".note{font-size:13px;color:#444c56;background:#fff;border:1px solid #d0d7de;border-radius:10px;padding:8px 10px;overflow-wrap:anywhere}" +
    ".note.off{border-color:#bf8700;background:#fff8c5}" +
    ".m{max-width:85%;padding:8px 12px;border-radius:14px;white-space:pre-wrap;overflow-wrap:anywhere}" +
    ".m.a{align-self:flex-start;background:#fff;border:1px solid #d0d7de}.m.v{align-self:flex-end;background:var(--c);color:#fff}" +
    ".m .who{display:block;font-size:12px;font-weight:600;color:#57606a;margin-bottom:2px}" +
    ".m .tick{display:block;font-size:11px;text-align:end;opacity:.85;margin-top:2px}" +
    ".m img{display:block;max-width:100%;max-height:200px;border-radius:8px;margin-top:4px}.m a{color:inherit}" +
    ".typing{font-size:12px;color:#57606a;padding:0 14px;min-height:18px}" +
    ".alert{font-size:13px;color:#82071e;padding:0 14px}" +
    "form{display:flex;flex-direction:column;gap:8px;padding:10px 12px;border-top:1px solid #d0d7de;background:#fff}" +
    ".row{display:flex;gap:6px;align-items:flex-end}" +
    "textarea,input{font:inherit;width:100%;border:1px solid #8c959f;border-radius:10px;padding:8px 10px;resize:none;color:#1b1f24;background:#fff}" +
    "textarea{min-height:40px;max-height:120px}" +
    ".ib{background:transparent;border:1px solid #d0d7de;border-radius:10px;width:40px;height:40px;flex:none;color:#57606a;padding:0;display:grid;place-items:center}.ib svg{width:22px;height:22px;fill:currentColor}" +
    ".send{background:var(--c);color:#fff;border:0;border-radius:10px;padding:0 14px;height:40px;flex:none;font-weight:600}" +
    ".emo{display:grid;grid-template-columns:repeat(8,1fr);gap:2px}.emo button{border:0;background:transparent;font-size:20px;padding:4px;border-radius:6px}" +
    ".sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}" +
    "[hidden]{display:none!important}";

  function build() {
    fonts();
    host = h("div", { id: "samadhan-chat" });
    root = host.attachShadow({ mode: "open" });
    root.appendChild(h("style", { text: CSS }));
    el.file = h("input", { type: "file", hidden: "", accept: "image/png,image/jpeg,image/gif,image/webp,application/pdf,text/plain",
      onchange: function () { if (el.file.files[0]) upload(el.file.files[0]); el.file.value = ""; } });
    el.text = h("textarea", { id: "sm-text", rows: "1", onkeydown: function (e) {
      if (e.key === "Enter" && !e.shiftKey) { e.preventDefault(); el.form.requestSubmit ? el.form.requestSubmit() : onSubmit(e); }
    }, oninput: function () { typing(true); } });
    el.textLabel = h("label", { "for": "sm-text", "class": "sr" });
    el.emojiBtn = h("button", { type: "button", "class": "ib", "aria-expanded": "false", onclick: function () {
      var show = el.emo.hidden; el.emo.hidden = !show; el.emojiBtn.setAttribute("aria-expanded", String(show));
      if (show) el.emo.querySelector("button").focus();
    } }, [icon("M12 2a10 10 0 1 0 0 20 10 10 0 0 0 0-20zm0 18a8 8 0 1 1 0-16 8 8 0 0 1 0 16zM8.5 11a1.5 1.5 0 1 0 0-3 1.5 1.5 0 0 0 0 3zm7 0a1.5 1.5 0 1 0 0-3 1.5 1.5 0 0 0 0 3zM12 17.5c2.3 0 4.3-1.4 5.1-3.5H6.9c.8 2.1 2.8 3.5 5.1 3.5z")]);
    el.emo = h("div", { "class": "emo", hidden: "", role: "group" }, EMOJI.map(function (e) {
      return h("button", { type: "button", text: e, "aria-label": e, onclick: function () {
        var s = el.text.selectionStart || el.text.value.length;
        el.text.value = el.text.value.slice(0, s) + e + el.text.value.slice(s);
        el.emo.hidden = true; el.emojiBtn.setAttribute("aria-expanded", "false"); el.text.focus();
      } });
    }));
    el.emo.addEventListener("keydown", function (e) { if (e.key === "Escape") { e.stopPropagation(); el.emo.hidden = true; el.emojiBtn.focus(); } });
    el.attachBtn = h("button", { type: "button", "class": "ib", onclick: function () { el.file.click(); } },
      [icon("M16.5 6.5v10a4.5 4.5 0 0 1-9 0V5a3 3 0 0 1 6 0v10.5a1.5 1.5 0 0 1-3 0V6.5H9v9a3 3 0 0 0 6 0V5a4.5 4.5 0 0 0-9 0v11.5a6 6 0 0 0 12 0v-10z")]);
    el.sendBtn = h("button", { type: "submit", "class": "send" });
    el.form = h("form", { onsubmit: onSubmit }, [el.emo, h("div", { "class": "row" }, [el.emojiBtn, el.attachBtn, el.textLabel, el.text, el.sendBtn]), el.file]);
    el.pre = buildProfileForm();
    el.log = h("div", { "class": "log", role: "log", "aria-live": "polite", tabindex: "0" });
    el.typing = h("div", { "class": "typing", "aria-live": "polite" });
    el.alert = h("div", { "class": "alert", role: "alert" });
    el.title = h("h2", { id: "sm-title" });
    el.status = h("p");
    el.avatar = h("img", { alt: "", hidden: "" });
    el.close = h("button", { type: "button", "class": "x", text: "×", onclick: function () { api.close(); } });
    el.panel = h("div", { "class": "panel", role: "dialog", "aria-labelledby": "sm-title", hidden: "" },
      [h("div", { "class": "head" }, [el.avatar, h("div", { "class": "t" }, [el.title, el.status]), el.close]),
        el.log, el.typing, el.alert, el.pre, el.form]);
    el.badge = h("span", { "class": "badge", hidden: "", "aria-hidden": "true" });
    el.launch = h("button", { type: "button", "class": "launch", "aria-expanded": "false", onclick: function () { S.open ? api.close() : api.open(); } });
    el.launch.appendChild(icon("M4 3h16a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H8l-5 4V5a2 2 0 0 1 2-2z"));
    el.launch.appendChild(el.badge);
    el.wrap = h("div", { "class": "w right" }, [el.panel, el.launch]);
    el.wrap.addEventListener("keydown", function (e) { if (e.key === "Escape" && S.open) api.close(); });
    root.appendChild(el.wrap);
    document.body.appendChild(host);
    document.addEventListener("visibilitychange", function () { if (!document.hidden) markRead(); });
  }
  function buildProfileForm() {
    var name = h("input", { id: "sm-name", autocomplete: "name", maxlength: "200" });
    var email = h("input", { id: "sm-email", type: "email", autocomplete: "email", maxlength: "254", required: "" });
    var f = h("form", { onsubmit: function (e) {
      e.preventDefault();
      http("POST", "/profile", { name: name.value, email: email.value }).then(function (d) {
        S.visitor = d.visitor; S.notice = t("saved"); render(); el.text.focus();
      }).catch(function (err) { S.notice = err.message; render(); });
    } }, [h("label", { "for": "sm-name" }), name, h("label", { "for": "sm-email" }), email, h("button", { type: "submit", "class": "send" })]);
    f.labels = f.querySelectorAll("label"); f.button = f.querySelector("button"); f.nameInput = name;
    return f;
  }
  function onSubmit(e) {
    e.preventDefault();
    var text = el.text.value;
    el.text.value = "";
    submit(text, [], []);
    el.text.focus();
  }

  function tick(m) {
    if (m.pending) return t("sending");
    return m.id <= S.agentReadUpTo ? "✓✓ " + t("read") : "✓ " + t("delivered");
  }
  function bubble(m) {
    var mine = m.author.kind === "visitor";
    var b = h("div", { "class": "m " + (mine ? "v" : "a") });
    if (!mine) b.appendChild(h("span", { "class": "who", text: m.author.name || t("agent") }));
    else b.appendChild(h("span", { "class": "sr", text: t("you") + ": " }));
    if (m.text) b.appendChild(document.createTextNode(m.text));
    (m.attachments || []).forEach(function (a) {
      var url = a.local ? a.url : BASE + a.url;
      if (/^image\/(png|jpeg|gif|webp)$/.test(a.content_type) && url) b.appendChild(h("img", { src: url, alt: a.filename }));
      else if (!a.local) b.appendChild(h("a", { href: url, target: "_blank", rel: "noopener", text: "📄 " + a.filename }));
      else b.appendChild(h("span", { text: "📄 " + a.filename }));
    });
    if (mine) b.appendChild(h("span", { "class": "tick", text: tick(m) }));
    return b;
  }
  function render() {
    if (!root) return;
    var c = S.config, st = c && c.status;
    el.wrap.className = "w " + (c && c.theme.position === "left" ? "left" : "right");
    el.wrap.style.setProperty("--c", (c && c.theme.color) || "#1f6feb");
    el.wrap.setAttribute("lang", (c && c.language) || "en");
    el.title.textContent = t("title");
    el.status.textContent = S.fatal ? S.fatal : !S.wsReady && S.token && !S.polling && S.attempt > 0 ? t("reconnecting") :
      st && st.online ? t("online") + " · " + t("reply_time", { minutes: c.expected_reply_minutes }) : "";
    if (c && c.theme.avatar_url) { el.avatar.src = c.theme.avatar_url; el.avatar.hidden = false; }
    el.close.setAttribute("aria-label", t("close"));
    el.launch.setAttribute("aria-label", S.unread ? t("open") + " — " + t("new_messages", { count: S.unread }) : t("open"));
    el.badge.textContent = S.unread > 99 ? "99+" : String(S.unread);
    el.badge.hidden = !S.unread || S.open;
    el.panel.hidden = !S.open;
    el.launch.setAttribute("aria-expanded", String(S.open));
    el.textLabel.textContent = t("placeholder");
    el.text.setAttribute("placeholder", t("placeholder"));
    el.text.setAttribute("maxlength", String((c && c.limits.message_chars) || 5000));
    el.sendBtn.textContent = t("send");
    el.attachBtn.setAttribute("aria-label", t("attach"));
    el.emojiBtn.setAttribute("aria-label", t("emoji"));
    el.emo.setAttribute("aria-label", t("emoji"));
    el.log.setAttribute("aria-label", t("messages"));
    // Pre-chat form, or an email to continue when nobody is online.
    var offline = st && !st.online, noEmail = !S.visitor.email;
    var askFirst = c && c.prechat_form && noEmail && !S.ticketId;
    var askEmail = offline && noEmail && c && c.email_continuation;
    el.pre.hidden = !(askFirst || askEmail);
    el.pre.labels[0].textContent = t("name"); el.pre.labels[1].textContent = askFirst ? t("email") : t("email_prompt");
    el.pre.button.textContent = askFirst ? t("start") : t("save");
    el.pre.labels[0].hidden = el.pre.nameInput.hidden = !askFirst;
    el.form.hidden = !!askFirst;
    // The conversation, in server order, then what is still in the outbox.
    var atBottom = el.log.scrollHeight - el.log.scrollTop - el.log.clientHeight < 40;
    var nodes = [];
    if (c && c.greeting) nodes.push(h("div", { "class": "note", text: c.greeting }));
    if (offline) nodes.push(h("div", { "class": "note off", text: t((st.reason === "closed" ? "closed" : "away") + (c.email_continuation ? "" : "_later")) }));
    Object.keys(S.messages).map(Number).sort(function (a, b) { return a - b; })
      .forEach(function (id) { nodes.push(bubble(S.messages[id])); });
    S.outbox.forEach(function (o) {
      nodes.push(bubble({ pending: true, text: o.text, author: { kind: "visitor" }, attachments: o.files || [] }));
    });
    syncChildren(el.log, nodes);
    if (atBottom || S.scroll) { el.log.scrollTop = el.log.scrollHeight; S.scroll = false; }
    var typingNow = S.agentTyping && S.agentTyping.until > Date.now();
    el.typing.textContent = typingNow ? t("typing", { name: S.agentTyping.name || t("agent") }) : "";
    el.alert.textContent = S.notice || "";
  }
  // Replace only what changed, so the live region announces new messages, not the whole log.
  function syncChildren(parent, nodes) {
    for (var i = 0; i < nodes.length; i++) {
      var old = parent.children[i];
      if (old && old.isEqualNode(nodes[i])) continue;
      if (old) parent.replaceChild(nodes[i], old); else parent.appendChild(nodes[i]);
    }
    while (parent.children.length > nodes.length) parent.removeChild(parent.lastChild);
  }

  // --- public API ----------------------------------------------------------------------
  var api = {
    loaded: true,
    open: function () {
      if (!root) { S.open = true; return; }
      if (S.open) return;
      S.open = true; save("open", true); S.notice = ""; S.scroll = true; render();
      markRead(); emit("open");
      setTimeout(function () { (el.pre.hidden ? el.text : el.pre.querySelector("input:not([hidden])")).focus(); }, 0);
    },
    close: function () {
      if (!root) { S.open = false; return; }
      if (!S.open) return;
      S.open = false; save("open", false); render(); el.launch.focus(); emit("close");
    },
    identify: function (who) {
      S.identity = { user_id: who.user_id ? String(who.user_id) : "", email: who.email || "",
        name: who.name || "", user_hash: who.user_hash || "" };
      if (S.config || S.starting) restart();
    },
    on: function (name, cb) { (S.handlers[name] = S.handlers[name] || []).push(cb); return api; },
    setLanguage: function (code) {
      S.language = String(code || "");
      if (S.config || S.starting) restart();
    }
  };
  window.Samadhan = api;
  (pending || []).forEach(function (call) { if (api[call[0]]) api[call[0]].apply(api, call[1] || []); });

  function boot() {
    var reopen = S.open;   // open before the reload (or asked before the script loaded)
    S.open = false;
    build(); render();
    startSession().then(function () { if (reopen) api.open(); });
  }
  if (document.body) boot(); else document.addEventListener("DOMContentLoaded", boot);
})();
