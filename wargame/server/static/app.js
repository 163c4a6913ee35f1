// Team station: a plain script, no build step and nothing fetched from elsewhere.
// Everything it shows comes from the facilitator's server, already filtered for this
// team; it only draws it. Commands carry an id so a resend after a reconnect is
// recognised and never applied twice.
"use strict";
(function () {
  const base = location.pathname.endsWith("/") ? location.pathname : location.pathname + "/";
  const draftKey = "wargame-draft:" + base;
  let state = null;
  let log = [];
  let socket = null;
  let retry = 500;
  let revoked = false;
  let clockOffset = 0;
  let picked = loadDraft();
  let seenMessages = 0;
  const outbox = new Map();  // id -> {cmd, args, done}

  const $ = (id) => document.getElementById(id);
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === "class") node.className = v;
      else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
      else if (v !== null && v !== undefined && v !== false) node.setAttribute(k, v === true ? "" : v);
    }
    for (const c of children) node.append(c instanceof Node ? c : document.createTextNode(String(c)));
    return node;
  }
  function actorName(id) {
    if (!state) return id;
    if (id === state.white_cell) return "White Cell";
    const a = state.actors.find((x) => x.id === id);
    return a ? a.name : id;
  }
  function newId() {
    const bytes = new Uint8Array(12);
    crypto.getRandomValues(bytes);
    return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  }

  // ------------------------------------------------------------------ connection
  function connect() {
    if (revoked) return;
    const url = (location.protocol === "https:" ? "wss://" : "ws://") + location.host + base + "ws";
    socket = new WebSocket(url);
    socket.onopen = () => {
      retry = 500;
      setStatus(true);
      for (const [id, c] of outbox) socket.send(JSON.stringify({ type: "command", id, cmd: c.cmd, args: c.args }));
    };
    socket.onmessage = (event) => receive(JSON.parse(event.data));
    socket.onclose = (event) => {
      setStatus(false);
      if (event.code === 4401) {
        revoked = true;
        showBanner("This link is no longer valid: ask the White Cell for a new one.");
        return;
      }
      setTimeout(connect, retry);
      retry = Math.min(retry * 2, 8000);
    };
  }
  function setStatus(online) {
    const s = $("status");
    s.textContent = online ? "online" : "offline — reconnecting";
    s.className = "status " + (online ? "online" : "offline");
    if (online) hideBanner();
  }
  function showBanner(text) { const b = $("banner"); b.textContent = text; b.hidden = false; }
  function hideBanner() { if (!revoked) $("banner").hidden = true; }

  function send(cmd, args, statusId) {
    const id = newId();
    return new Promise((resolve) => {
      outbox.set(id, { cmd, args, done: resolve, statusId });
      if (statusId) { $(statusId).textContent = "sending…"; $(statusId).className = ""; }
      if (socket && socket.readyState === WebSocket.OPEN) {
        socket.send(JSON.stringify({ type: "command", id, cmd, args }));
      }
    });
  }

  function receive(msg) {
    if (msg.type === "update") {
      if (msg.sent) clockOffset = msg.sent * 1000 - Date.now();
      if (msg.log_from === 0) log = msg.log.slice();
      else log = log.slice(0, msg.log_from).concat(msg.log);
      if (msg.state) state = msg.state;
      render();
    } else if (msg.type === "ack") {
      const c = outbox.get(msg.id);
      if (!c) return;
      if (!msg.ok && msg.retry) { setTimeout(() => { if (socket && socket.readyState === 1) socket.send(JSON.stringify({ type: "command", id: msg.id, cmd: c.cmd, args: c.args })); }, 1000); return; }
      outbox.delete(msg.id);
      if (c.statusId) {
        $(c.statusId).textContent = msg.ok ? "done" : msg.error;
        $(c.statusId).className = msg.ok ? "ok" : "error";
      }
      c.done(msg);
    }
  }

  // ------------------------------------------------------------------ drafts
  function loadDraft() {
    try { return JSON.parse(localStorage.getItem(draftKey) || "null") || { turn: 0, orders: [] }; }
    catch (e) { return { turn: 0, orders: [] }; }
  }
  function saveDraft() {
    try { localStorage.setItem(draftKey, JSON.stringify(picked)); } catch (e) { /* private mode */ }
  }

  // ------------------------------------------------------------------ drawing
  function render() {
    if (!state) return;
    if (picked.turn !== state.turn) {  // a new turn: a fresh draft, and old statuses go
      picked = { turn: state.turn, orders: [] };
      saveDraft();
      for (const id of ["seal-status", "message-status", "note-status"]) $(id).textContent = "";
    }
    document.title = (state.me.team || state.me.name) + (state.me.observer ? "" : " — team station");
    document.body.classList.toggle("observer", !!state.me.observer);
    $("ladder-view").textContent = state.me.observer ? "as publicly known" : "as your team sees them";
    $("team").textContent = state.me.team ? state.me.team + " (" + state.me.name + ")" : state.me.name;
    $("game").textContent = state.game;
    $("turn").textContent = state.ended ? "The game has ended" :
      "Turn " + state.turn + " of " + state.last_turn + " · " + (state.open ? "orders open" : state.phase);
    renderLadders();
    loadMap();
    renderMap();
    renderLog();
    if (!state.me.observer) {
      renderOrders();
      renderMessages();
      renderNotes();
    }
    tick();
  }

  // ------------------------------------------------------------------ map
  // The outlines and places are the scenario's public map (fetched once); the lines
  // between rivals take their colour and width from the rung this team sees.
  const SVG = "http://www.w3.org/2000/svg";
  let theatre = null;
  let theatreAsked = false;
  function svg(tag, attrs, ...children) {
    const node = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
    for (const c of children) node.append(c instanceof Node ? c : document.createTextNode(String(c)));
    return node;
  }
  function loadMap() {
    if (theatreAsked) return;
    theatreAsked = true;
    fetch(base + "api/map", { cache: "no-store" }).then((r) => r.ok ? r.json() : null).then((data) => {
      theatre = data;
      if (state) renderMap();
    }).catch(() => { theatreAsked = false; });
  }
  function band(l) {
    // Below the ladder's first threshold: calm; at the overt-force rung and up: force.
    if (l.rung >= l.overt_force) return "force";
    return l.thresholds.some((t) => t.below < l.rung) ? "tense" : "calm";
  }
  const BAND_COLOUR = { calm: "#5b8c5a", tense: "#c98a1b", force: "#b3261e" };
  // The outlines and markers are drawn once; each update redraws only the lines and actors.
  let mapLive = null;
  function mapBase() {
    const root = svg("svg", { viewBox: "0 0 " + theatre.width + " " + theatre.height, role: "img",
      "aria-label": "Map of the theatre with each rivalry at the rung your team sees" });
    for (const r of theatre.regions) root.append(svg("path", { class: "region " + r.role, d: r.d }, svg("title", {}, r.name)));
    for (const mk of theatre.markers) {
      root.append(svg("circle", { class: "marker", cx: mk.at[0], cy: mk.at[1], r: mk.kind === "capital" ? 4 : 2.5 }, svg("title", {}, mk.name)));
    }
    mapLive = svg("g", {});
    root.append(mapLive);
    $("map").replaceChildren(root);
    $("map-note").textContent = theatre.note || "";
  }
  function renderMap() {
    const box = $("map-box");
    if (!theatre || !theatre.regions) { box.hidden = true; return; }
    box.hidden = false;
    if (!mapLive) mapBase();
    const ladders = new Map(state.ladders.map((l) => [l.id, l]));
    const live = [];
    const links = theatre.links.filter((k) => ladders.has(k.rivalry));
    links.sort((a, b) => ladders.get(a.rivalry).rung - ladders.get(b.rivalry).rung);
    for (const k of links) {
      const l = ladders.get(k.rivalry);
      const [x1, y1] = k.from, [x2, y2] = k.to;
      // A gentle bow, so two rivalries between nearby places stay apart.
      const mx = (x1 + x2) / 2 - (y2 - y1) * 0.12, my = (y1 + y2) / 2 + (x2 - x1) * 0.12;
      live.push(svg("path", { class: "link" + (l.mine ? " mine" : ""), "data-rivalry": l.id,
        d: "M" + x1 + "," + y1 + "Q" + mx + "," + my + " " + x2 + "," + y2,
        stroke: BAND_COLOUR[band(l)], "stroke-width": 4 + 1.6 * l.rung,
        "stroke-dasharray": l.mine ? "" : "12 9" },
        svg("title", {}, l.name + ": rung " + l.rung + " as your team sees it")));
    }
    for (const a of theatre.actors) {
      const mine = a.id === state.me.id;
      live.push(svg("g", { class: "actor" },
        svg("circle", { cx: a.at[0], cy: a.at[1], r: mine ? 14 : 10, fill: a.color, stroke: mine ? "#1d2327" : "#fff", "stroke-width": 3 }),
        svg("text", { x: a.at[0] + 15, y: a.at[1] + 8 }, a.id)));
    }
    mapLive.replaceChildren(...live);
  }

  function renderLadders() {
    const box = $("ladder-list");
    box.replaceChildren();
    const ladders = state.ladders.slice().sort((a, b) => (b.mine - a.mine));
    for (const l of ladders) {
      const rungName = (l.rungs.find((r) => r.rung === l.rung) || {}).name || "";
      const bar = el("div", { class: "rungs", role: "img", "aria-label": l.name + " at rung " + l.rung });
      for (const r of l.rungs) {
        if (r.rung > l.cap) continue;
        bar.append(el("div", { class: "rung" + (r.rung === l.rung ? " at" : r.rung < l.rung ? " below" : ""), title: r.rung + ": " + r.name }, r.rung));
      }
      box.append(el("div", { class: "ladder" + (l.mine ? " mine" : ""), "data-rivalry": l.id },
        el("strong", {}, l.name), " ", el("span", { class: "muted" }, l.sides.map(actorName).join(" – ")),
        bar, el("div", { class: "rung-name" }, "Rung " + l.rung + ": " + rungName)));
    }
    const ind = $("indicators");
    ind.replaceChildren(...state.indicators.map((i) => el("tr", {}, el("td", {}, i.name), el("td", {}, fmt(i.value)))));
    const vars = $("variables");
    const rows = Object.entries(state.variables).map(([k, v]) => el("tr", {}, el("td", {}, k), el("td", {}, fmt(v))));
    rows.push(el("tr", {}, el("td", {}, "objective points"), el("td", {}, fmt(state.objective_points))));
    vars.replaceChildren(...rows);
  }
  function fmt(v) { return typeof v === "number" ? (Math.round(v * 100) / 100).toString() : String(v); }

  function optionKey(o) { return o.move + ">" + (o.target || ""); }
  function renderOrders() {
    $("order-limit").textContent = "up to " + state.orders_per_turn + " this turn";
    const others = state.sealed.filter((a) => a !== state.me.id).map(actorName);
    $("sealed-line").textContent = state.sealed.includes(state.me.id)
      ? "Your orders are sealed." + (others.length ? " Also sealed: " + others.join(", ") + "." : "")
      : (others.length ? "Sealed so far: " + others.join(", ") + "." : "No team has sealed yet.");
    const sheetBox = $("sheet-box");
    sheetBox.hidden = !state.sheet;
    if (state.sheet) {
      const items = state.sheet.orders.map((o) => {
        const opt = state.menu.find((m) => m.move === o.move && (m.target || null) === (o.target || null));
        return el("li", {}, (opt ? opt.name : o.move) + (o.target ? " → " + actorName(o.target) : ""));
      });
      for (const g of state.sheet.signals) {
        items.push(el("li", { class: "muted" }, "Signal to " + actorName(g.toward) + ": rung " + g.rung +
          (g.public ? " (public)" : " (private)") + (g.text ? " — " + g.text : "")));
      }
      $("sheet").replaceChildren(...(items.length ? items : [el("li", {}, "No moves this turn")]));
    }
    const list = $("picked");
    list.replaceChildren();
    picked.orders = picked.orders.filter((p) => state.menu.some((m) => optionKey(m) === optionKey(p)));
    for (const p of picked.orders) {
      const m = state.menu.find((x) => optionKey(x) === optionKey(p));
      const why = el("textarea", { rows: 2, maxlength: 2000, placeholder: "Why (for the White Cell's adjudication)", "aria-label": "Rationale" });
      why.value = p.rationale || "";
      why.addEventListener("input", () => { p.rationale = why.value; saveDraft(); });
      list.append(el("li", { "data-move": m.move },
        el("strong", {}, m.name), m.target ? " → " + m.target_name : "", " ",
        el("span", { class: "muted" }, "odds " + m.odds + (m.cost ? " · cost " + m.cost : "")), " ",
        el("button", { type: "button", onclick: () => { picked.orders = picked.orders.filter((x) => x !== p); saveDraft(); renderOrders(); } }, "Remove"),
        why));
    }
    $("picked-empty").hidden = picked.orders.length > 0;
    renderSignal();
    $("seal").disabled = !state.open;
    $("seal").textContent = (state.sheet ? "Seal again (replaces your orders)" : "Seal orders") +
      (picked.orders.length ? "" : " — no moves");
    const filter = $("menu-filter");
    const chosen = filter.value;
    const rivalries = [...new Set(state.menu.map((m) => m.rivalry || ""))];
    filter.replaceChildren(el("option", { value: "" }, "every rivalry"),
      ...rivalries.map((r) => el("option", { value: r }, r ? (state.ladders.find((l) => l.id === r) || { name: r }).name : "no rivalry")));
    filter.value = rivalries.includes(chosen) ? chosen : "";
    const menu = $("menu");
    menu.replaceChildren();
    if (!state.open) { menu.append(el("p", { class: "muted" }, state.ended ? "The game has ended." : "Orders are closed.")); return; }
    const full = picked.orders.length >= state.orders_per_turn;
    for (const m of state.menu) {
      if (filter.value && (m.rivalry || "") !== filter.value) continue;
      const taken = picked.orders.some((p) => optionKey(p) === optionKey(m));
      menu.append(el("div", { class: "option", "data-move": m.move, "data-target": m.target || "" },
        el("div", {}, el("strong", {}, m.name), m.target ? " → " + m.target_name : "",
          el("div", { class: "meta" }, "rung " + m.rung + " · " + m.category.replace(/_/g, " ") + " · " + m.visibility +
            " · odds " + m.odds + " · cost " + (m.cost || "none")),
          m.description ? el("div", { class: "meta" }, m.description) : ""),
        el("button", { type: "button", disabled: taken || full, onclick: () => { picked.orders.push({ move: m.move, target: m.target, rationale: "" }); saveDraft(); renderOrders(); } }, taken ? "Picked" : "Pick")));
    }
  }

  function renderSignal() {
    const toward = $("signal-toward");
    const rung = $("signal-rung");
    const signal = picked.signal || { toward: "", rung: 0, public: true, text: "" };
    toward.replaceChildren(el("option", { value: "" }, "no signal"),
      ...state.actors.filter((a) => a.id !== state.me.id).map((a) => el("option", { value: a.id }, a.name)));
    toward.value = signal.toward;
    rung.replaceChildren(...Array.from({ length: 10 }, (_, n) => el("option", { value: n }, n)));
    rung.value = String(signal.rung);
    $("signal-public").checked = signal.public;
    if (document.activeElement !== $("signal-text")) $("signal-text").value = signal.text;
    $("signal-box").disabled = !state.open;
  }
  function readSignal() {
    picked.signal = { toward: $("signal-toward").value, rung: Number($("signal-rung").value),
      public: $("signal-public").checked, text: $("signal-text").value };
    saveDraft();
  }
  for (const id of ["signal-toward", "signal-rung", "signal-public", "signal-text"]) {
    $(id).addEventListener("input", readSignal);
    $(id).addEventListener("change", readSignal);
  }

  function entryItem(e) {
    return el("li", { class: e.actor === state.me.id ? "mine" : "", "data-kind": e.kind, "data-seq": e.seq },
      el("span", { class: "tag" }, "T" + e.turn + " " + e.kind.replace(/_/g, " ")), e.text);
  }
  function renderMessages() {
    const to = $("message-to");
    const chosen = to.value;
    const options = [el("option", { value: state.white_cell }, "White Cell (request for information)")];
    for (const a of state.actors) if (a.id !== state.me.id) options.push(el("option", { value: a.id }, a.name));
    to.replaceChildren(...options);
    if (chosen) to.value = chosen;
    const messages = log.filter((e) => e.kind === "message");
    $("message-list").replaceChildren(...messages.slice().reverse().map((e) => {
      const d = e.data || {};
      const mine = d.sender === state.me.id;
      return el("li", { class: mine ? "mine" : "", "data-seq": e.seq },
        el("span", { class: "tag" }, "T" + e.turn + " " + (mine ? "to " + actorName(d.recipient) : "from " + actorName(d.sender))),
        d.text || e.text);
    }));
    const incoming = messages.filter((e) => (e.data || {}).sender !== state.me.id).length;
    const active = document.querySelector("nav button.on");
    if (active && active.dataset.tab === "messages") seenMessages = incoming;
    const unread = Math.max(0, incoming - seenMessages);
    $("unread").hidden = unread === 0;
    $("unread").textContent = unread;
  }
  function renderLog() {
    const sel = $("log-turn");
    const chosen = sel.value;
    const turns = [...new Set(log.map((e) => e.turn))];
    sel.replaceChildren(el("option", { value: "" }, "all"), ...turns.map((t) => el("option", { value: t }, t)));
    sel.value = turns.map(String).includes(chosen) ? chosen : "";
    const shown = log.filter((e) => !sel.value || String(e.turn) === sel.value);
    $("log-list").replaceChildren(...shown.slice().reverse().map(entryItem));
  }
  function renderNotes() {
    $("note-list").replaceChildren(...log.filter((e) => e.kind === "note").reverse().map(entryItem));
  }

  function tick() {
    const t = $("timer");
    if (!state || !state.timer) { t.hidden = true; return; }
    const left = Math.max(0, state.timer.deadline * 1000 - (Date.now() + clockOffset)) / 1000;
    const m = Math.floor(left / 60), s = Math.floor(left % 60);
    t.hidden = false;
    t.textContent = left > 0 ? m + ":" + String(s).padStart(2, "0") + " left" : "time is up";
    t.className = "timer" + (left <= state.timer.warning ? " warn" : "");
  }

  // ------------------------------------------------------------------ actions
  $("seal").addEventListener("click", () => {
    const signal = picked.signal;
    const signals = signal && signal.toward ? [{ actor: state.me.id, toward: signal.toward,
      rung: signal.rung, public: signal.public, stake: 0, text: signal.text || "" }] : [];
    const sheet = { actor: state.me.id, signals, reasons: [],
      orders: picked.orders.map((p) => ({ actor: state.me.id, move: p.move, target: p.target || null, rationale: p.rationale || "" })) };
    send("submit_orders", { sheet }, "seal-status").then((ack) => {
      if (ack.ok) { $("seal-status").textContent = "sealed"; }
    });
  });
  $("message-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const text = $("message-text").value.trim();
    if (!text) return;
    send("message", { sender: state.me.id, recipient: $("message-to").value, text }, "message-status")
      .then((ack) => { if (ack.ok) $("message-text").value = ""; });
  });
  $("note-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const text = $("note-text").value.trim();
    if (!text) return;
    send("note", { text, actor: state.me.id }, "note-status").then((ack) => { if (ack.ok) $("note-text").value = ""; });
  });
  $("menu-filter").addEventListener("change", () => renderOrders());
  $("log-turn").addEventListener("change", () => renderLog());
  for (const b of document.querySelectorAll("nav button")) {
    b.addEventListener("click", () => {
      for (const x of document.querySelectorAll("nav button")) x.classList.toggle("on", x === b);
      for (const p of document.querySelectorAll(".panel")) p.classList.toggle("on", p.id === b.dataset.tab);
      if (state) renderMessages();
    });
  }
  setInterval(tick, 1000);
  connect();
})();
