// Accueil's live dashboard and projector view. Plain JavaScript, no
// library: the page must work at a venue with no internet, and the hub's
// Content-Security-Policy allows scripts and connections to itself only.
//
// Counts arrive over a WebSocket as whole documents (state, not a log), so
// the page redraws from the newest one and never needs to catch up.
"use strict";

(function () {
  const view = document.body.dataset.view; // dashboard | projector | login
  const $ = (id) => document.getElementById(id);
  const SVG = "http://www.w3.org/2000/svg";
  // The close codes come from the hub (sync/protocol's Close*), through
  // the page's body, so that the page never holds a copy of its own.
  const CLOSE_UNAUTHORIZED = Number(document.body.dataset.closeUnauthorized);
  const CLOSE_PROJECTOR_OFF = Number(document.body.dataset.closeProjectorOff);
  const BUCKET_MS = 15 * 60 * 1000;

  let lang = pickLang();
  let counts = null;        // the newest counts document
  let kiosks = [];          // the newest kiosk list (a "kiosks" message)
  let doubles = null;       // the newest double-entry list (dashboard only)
  let doublesFor = -1;      // the double-entry count that list was fetched for
  let offlineSince = null;  // Date the hub stopped answering, or null
  let stopped = false;      // the hub refused us for good (projector off)

  function pickLang() {
    let l = null;
    try { l = localStorage.getItem("accueil_lang"); } catch (e) { /* private mode */ }
    if (l !== "fr" && l !== "en") l = document.documentElement.lang === "en" ? "en" : "fr";
    return l;
  }

  // t returns the word for key, with {name} parts filled from vars.
  function t(key, vars) {
    let s = (STRINGS[lang] && STRINGS[lang][key]) || STRINGS.fr[key] || key;
    if (vars) s = s.replace(/\{(\w+)\}/g, (m, k) => (k in vars ? String(vars[k]) : m));
    return s;
  }

  const fmtNum = () => new Intl.NumberFormat(lang === "fr" ? "fr-FR" : "en-GB");
  const fmtPct = () => new Intl.NumberFormat(lang === "fr" ? "fr-FR" : "en-GB", { style: "percent", maximumFractionDigits: 0 });
  // Times are the venue's (the event's zone from the counts), whatever
  // the zone of the phone or laptop showing them.
  function zoned(o) {
    const tz = counts && counts.time_zone;
    if (tz) o.timeZone = tz;
    try { return new Intl.DateTimeFormat(lang === "fr" ? "fr-FR" : "en-GB", o); }
    catch (e) { delete o.timeZone; return new Intl.DateTimeFormat(lang === "fr" ? "fr-FR" : "en-GB", o); }
  }
  function hhmm(d, seconds) {
    const o = { hour: "2-digit", minute: "2-digit", hour12: false };
    if (seconds) o.second = "2-digit";
    return zoned(o).format(d);
  }
  // venueClock returns the hour and minute of d at the venue.
  function venueClock(d) {
    const parts = zoned({ hour: "2-digit", minute: "2-digit", hour12: false }).formatToParts(d);
    const get = (type) => Number((parts.find((p) => p.type === type) || { value: "0" }).value);
    return { h: get("hour") % 24, m: get("minute") };
  }

  function setLang(l) {
    lang = l;
    try { localStorage.setItem("accueil_lang", l); } catch (e) { /* private mode */ }
    applyLang();
    if (view === "dashboard" || view === "projector") render();
  }

  function applyLang() {
    document.documentElement.lang = lang;
    document.title = t(view === "projector" ? "projector_title" : view === "kiosks" ? "kiosks_title" : "title");
    for (const el of document.querySelectorAll("[data-i18n]")) el.textContent = t(el.dataset.i18n);
    for (const b of document.querySelectorAll("button.lang")) b.setAttribute("aria-pressed", String(b.dataset.lang === lang));
    const chart = $("chart");
    if (chart) chart.setAttribute("aria-label", t("chart_label"));
  }

  for (const b of document.querySelectorAll("button.lang")) b.addEventListener("click", () => setLang(b.dataset.lang));
  applyLang();
  if (view === "login" || view === "kiosks") return;

  // ---- drawing -----------------------------------------------------------

  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  // bar is a meter drawn with a CSS width: the CSSOM is allowed by the
  // style-src 'self' policy, inline style attributes are not.
  function bar(fraction, cls) {
    const outer = el("span", "meter " + (cls || ""));
    const inner = el("span", "fill");
    inner.style.width = Math.max(0, Math.min(1, fraction)) * 100 + "%";
    outer.appendChild(inner);
    return outer;
  }

  let scheduled = false;
  function render() {
    if (scheduled) return;
    scheduled = true;
    requestAnimationFrame(() => { scheduled = false; draw(); });
  }

  function draw() {
    drawStatus();
    if (!counts) return;
    const c = counts, n = fmtNum();
    $("arrived").textContent = n.format(c.checked_in);
    $("registered").textContent = n.format(c.registered);
    $("percent").textContent = c.registered > 0 ? fmtPct().format(c.checked_in / c.registered) : "–";
    $("inside").textContent = n.format(c.inside);
    fitNumbers();
    document.body.dataset.version = String(c.version);
    drawCategories(c);
    drawCheckpoints(c);
    drawChart(c.arrivals || []);
    if (view === "dashboard") {
      drawKiosks(c.kiosks || []);
      drawDoubles(c);
      for (const panel of window.AccueilPanels || []) panel(c, { lang, hhmm, el }); // queue.js, alerts.js
    }
    if (!window.accueilFirstCounts) window.accueilFirstCounts = performance.now();
    document.dispatchEvent(new CustomEvent("accueil:counts", { detail: { counts: c, lang } })); // meeting.js
  }

  // fitNumbers shrinks each big number that is wider than its card, so
  // that 100 000 fits a phone and 1 500 a projector's third of a column;
  // the style sheet's size is the largest it may be.
  function fitNumbers() {
    for (const box of document.querySelectorAll(".big")) {
      const room = box.clientWidth;
      for (const part of box.children) {
        part.style.fontSize = "";
        const w = part.getBoundingClientRect().width;
        if (room > 0 && w > room) {
          const size = parseFloat(getComputedStyle(part).fontSize);
          part.style.fontSize = Math.floor(size * room / w * 0.97) + "px";
        }
      }
    }
  }

  // announce tells screen readers, politely, what changed: the arrivals or
  // the people on site, going offline and coming back. Never the clock,
  // which changes with every push; at most one count change every 15 s, so
  // a busy morning does not talk over the person using the page.
  const ANNOUNCE_MS = 15000;
  let said = "", saidState = "", saidAt = 0, sayLater = null;
  function announce() {
    let state = "", msg = "";
    if (stopped) { state = "stopped"; msg = t("projector_off"); }
    else if (offlineSince) { state = "offline"; msg = t("say_offline", { t: hhmm(offlineSince) }); }
    else if (counts) {
      const n = fmtNum();
      state = "live";
      msg = t("say_counts", { arrived: n.format(counts.checked_in), registered: n.format(counts.registered), inside: n.format(counts.inside) });
    }
    if (!msg || msg === said) return;
    const countsOnly = state === "live" && saidState === "live";
    if (countsOnly && Date.now() - saidAt < ANNOUNCE_MS) {
      if (!sayLater) sayLater = setTimeout(() => { sayLater = null; announce(); }, ANNOUNCE_MS - (Date.now() - saidAt));
      return;
    }
    said = msg;
    if (state === "live" && saidState !== "live" && saidState !== "") msg = t("say_back") + " " + msg;
    saidState = state;
    saidAt = Date.now();
    $("announce").textContent = msg;
  }

  function drawStatus() {
    const s = $("status");
    document.body.classList.toggle("offline", offlineSince !== null);
    document.body.classList.toggle("connecting", !counts && offlineSince === null);
    if (stopped) s.textContent = t("projector_off");
    else if (offlineSince) s.textContent = t("offline_since", { t: hhmm(offlineSince) });
    else if (counts) s.textContent = t("live", { t: hhmm(new Date(counts.at), true) });
    else s.textContent = t("connecting");
    announce();
  }

  function drawCategories(c) {
    const ul = $("categories"), n = fmtNum();
    ul.replaceChildren();
    for (const cat of ["visitor", "speaker", "press", "delegation", "partner", "staff"]) {
      const v = (c.by_category || {})[cat];
      if (!v || v.registered === 0 && v.checked_in === 0) continue;
      const li = el("li");
      li.appendChild(el("span", "label", t("cat_" + cat)));
      li.appendChild(el("span", "value", n.format(v.checked_in) + " / " + n.format(v.registered)));
      li.appendChild(bar(v.registered ? v.checked_in / v.registered : 0));
      ul.appendChild(li);
    }
  }

  function drawCheckpoints(c) {
    const ul = $("checkpoints"), n = fmtNum();
    const cps = Object.entries(c.by_checkpoint || {}).map(([id, cp]) => {
      let state = "";
      if (cp.capacity > 0 && cp.inside >= cp.capacity) state = "full";
      else if (cp.capacity > 0 && cp.inside >= 0.9 * cp.capacity) state = "near";
      return { id, cp, state, rank: id === "entrance" ? 0 : state === "full" ? 1 : state === "near" ? 2 : cp.inside > 0 ? 3 : 4 };
    });
    // What needs attention first: the entrance, full rooms, nearly full
    // ones, then the busiest. A public screen leaves out empty rooms.
    cps.sort((a, b) => a.rank - b.rank || b.cp.inside - a.cp.inside || a.id.localeCompare(b.id));
    ul.replaceChildren();
    for (const { id, cp, state, rank } of cps) {
      if (view === "projector" && rank === 4) continue;
      const name = lang === "en" && cp.name_en ? cp.name_en : cp.name;
      const li = el("li", state);
      li.dataset.checkpoint = id;
      li.appendChild(el("span", "label", name));
      if (state) li.appendChild(el("span", "flag", "⚠ " + t(state === "full" ? "full" : "near_full")));
      li.appendChild(el("span", "value", n.format(cp.inside) + " / " + (cp.capacity > 0 ? n.format(cp.capacity) : t("unlimited"))));
      if (cp.capacity > 0) li.appendChild(bar(cp.inside / cp.capacity, state));
      ul.appendChild(li);
    }
  }

  function drawKiosks(list) {
    const ul = $("kiosks");
    ul.replaceChildren();
    if (list.length === 0) { ul.appendChild(el("li", "muted", t("no_kiosks"))); return; }
    for (const k of list) {
      const li = el("li", k.online ? "up" : "down");
      li.appendChild(el("span", "label", k.name));
      const seen = Date.parse(k.last_seen);
      let state = k.online ? "● " + t("online") : "○ " + t("offline");
      if (!k.online) state += " · " + (seen > 0 ? t("seen_at", { t: hhmm(new Date(seen)) }) : t("never_seen"));
      li.appendChild(el("span", "value", state));
      if (k.pending > 0) li.appendChild(el("span", "flag", t("queued", { n: fmtNum().format(k.pending) })));
      if (k.clock_wrong) { // the hub judges, by kiosk.ClockTolerance
        li.appendChild(el("span", "flag", "⚠ " + t("clock", { m: Math.round(Math.abs(k.clock_offset_ms) / 60000) })));
      }
      ul.appendChild(li);
    }
  }

  function drawDoubles(c) {
    $("doubles").textContent = fmtNum().format(c.double_entries);
    if (c.double_entries !== doublesFor) {
      doublesFor = c.double_entries;
      fetchDoubles();
    }
    const ul = $("double-list");
    ul.replaceChildren();
    if (!doubles || doubles.length === 0) { ul.appendChild(el("li", "muted", t("double_none"))); return; }
    // Ids, kiosks and times only: dashboards see no names.
    // The newest first; a wide screen shows a few, the rest is in the API.
    const shown = window.matchMedia("(min-width: 1280px)").matches ? 5 : 20;
    for (const d of doubles.slice(-shown).reverse()) {
      const li = el("li");
      li.appendChild(el("span", "label", hhmm(new Date(d.at)) + " · " + d.attendee_id));
      li.appendChild(el("span", "value", d.checkpoint + " · " + d.first_kiosk + " → " + d.kiosk));
      ul.appendChild(li);
    }
  }

  async function fetchDoubles() {
    try {
      const r = await fetch("/api/v1/double-entries", { credentials: "same-origin", cache: "no-store" });
      if (r.status === 401) { location.reload(); return; }
      if (!r.ok) return;
      doubles = (await r.json()).double_entries || [];
      render();
    } catch (e) { /* the socket's reconnection covers an unreachable hub */ }
  }

  // drawChart draws the arrivals as SVG bars, one per 15 minutes, from two
  // to twelve hours ending with the latest arrivals; gaps are zeros.
  function drawChart(arrivals) {
    const box = $("chart");
    box.replaceChildren();
    if (arrivals.length === 0) { box.appendChild(el("p", "muted", t("no_arrivals"))); return; }
    const by = new Map(arrivals.map((a) => [Date.parse(a.at), a.count]));
    const last = Math.max(...by.keys());
    let end = Math.floor(Date.now() / BUCKET_MS) * BUCKET_MS;
    if (end < last || end - last > 12 * 3600 * 1000) end = last; // old data or a wrong clock
    // At least two hours, so a single bar reads as a quarter hour; at
    // most twelve.
    const start = Math.min(Math.max(Math.min(...by.keys()), end - 47 * BUCKET_MS), end - 7 * BUCKET_MS);
    const buckets = [];
    for (let at = start; at <= end; at += BUCKET_MS) buckets.push({ at, count: by.get(at) || 0 });
    const max = Math.max(1, ...buckets.map((b) => b.count));

    const W = Math.max(240, box.clientWidth), H = Math.max(120, box.clientHeight || 200);
    const pad = { l: 8, r: 8, t: 22, b: 24 };
    const bw = (W - pad.l - pad.r) / buckets.length;
    const svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("width", W);
    svg.setAttribute("height", H);
    svg.setAttribute("viewBox", `0 0 ${W} ${H}`);
    const add = (tag, attrs, text) => {
      const e = document.createElementNS(SVG, tag);
      for (const k in attrs) e.setAttribute(k, attrs[k]);
      if (text !== undefined) e.textContent = text;
      svg.appendChild(e);
      return e;
    };
    const y0 = H - pad.b, scale = (H - pad.t - pad.b) / max;
    add("line", { x1: pad.l, x2: W - pad.r, y1: y0, y2: y0, class: "axis" });
    // Hour labels, spaced so they never overlap.
    const every = [1, 2, 3, 4, 6].find((h) => h * 4 * bw >= 44) || 12;
    const n = fmtNum();
    buckets.forEach((b, i) => {
      const x = pad.l + i * bw, h = b.count * scale;
      if (b.count > 0) {
        const r = add("rect", { x: x + bw * 0.1, y: y0 - h, width: Math.max(1, bw * 0.8), height: h, class: "barc" });
        const tip = document.createElementNS(SVG, "title");
        tip.textContent = hhmm(new Date(b.at)) + " · " + n.format(b.count);
        r.appendChild(tip);
        if (bw >= 20) add("text", { x: x + bw / 2, y: y0 - h - 5, class: "val", "text-anchor": "middle" }, n.format(b.count));
      }
      const d = new Date(b.at), vc = venueClock(d);
      if (bw >= 56 || vc.m === 0 && vc.h % every === 0) {
        add("text", { x: x, y: H - 6, class: "tick", "text-anchor": "start" }, hhmm(d));
      }
    });
    if (bw < 20) add("text", { x: pad.l, y: 14, class: "tick" }, "max " + n.format(max));
    box.appendChild(svg);
  }

  window.addEventListener("resize", render);

  // ---- connection --------------------------------------------------------

  let attempt = 0;
  // The hub pushes counts at least every 10 s: a silence three times as
  // long is a dead network (a phone's Wi-Fi in the plenary hall drops
  // without closing anything), so the page says it is offline and dials
  // again instead of showing stale numbers as live.
  const SILENCE_MS = 30000;
  let current = null, lastMessage = 0;
  setInterval(() => {
    if (current && current.readyState === WebSocket.OPEN && Date.now() - lastMessage > SILENCE_MS) current.close();
  }, 5000);
  function connect() {
    const proto = location.protocol === "https:" ? "wss:" : "ws:";
    let path = "/ws/dashboard";
    if (view === "projector") path = "/ws/projector?key=" + encodeURIComponent(new URLSearchParams(location.search).get("key") || "");
    const ws = new WebSocket(proto + "//" + location.host + path);
    current = ws;
    lastMessage = Date.now();
    ws.onmessage = (ev) => {
      lastMessage = Date.now();
      let m;
      try { m = JSON.parse(ev.data); } catch (e) { return; }
      if (!m.data) return;
      if (m.type === "kiosks") { // the kiosk list comes apart from the counts, when it changes
        kiosks = m.data.kiosks || [];
        if (counts) { counts.kiosks = kiosks; render(); }
        return;
      }
      if (m.type !== "counts") return; // newer hubs may send more
      if (counts && m.data.version < counts.version && offlineSince === null) return;
      attempt = 0;
      offlineSince = null;
      counts = m.data;
      if (counts.kiosks) kiosks = counts.kiosks; // an older hub sends them with every count
      else counts.kiosks = kiosks;
      render();
    };
    ws.onclose = (ev) => {
      if (ev.code === CLOSE_UNAUTHORIZED && view === "dashboard") { location.reload(); return; } // token changed: log in again
      if (ev.code === CLOSE_PROJECTOR_OFF && view === "projector") { stopped = true; offlineSince = offlineSince || new Date(); render(); return; }
      if (offlineSince === null) offlineSince = new Date();
      render();
      // Capped exponential backoff with jitter, so a room of dashboards
      // does not reconnect in step when the hub comes back.
      const cap = Math.min(15000, 500 * 2 ** attempt++);
      setTimeout(connect, cap / 2 + Math.random() * cap / 2);
    };
  }
  render();
  connect();
})();
