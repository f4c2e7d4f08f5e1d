// Arrivals that matter: the alerts of GET /api/v1/alerts, newest first,
// those not yet seen on top with a button to acknowledge them. Fetched
// again whenever the counts' alerts_version moves (the hub pushes counts
// within a fraction of a second of an alert). Organisers only: the
// projector neither loads this file nor receives the version.
"use strict";

(function () {
  const WORDS = {
    fr: {
      title: "Arrivées à signaler",
      none: "Aucune alerte pour l’instant",
      arrival: "Arrivé·e",
      speaker_missing: "Intervenant·e attendu·e, pas encore arrivé·e",
      ack: "Vu",
      ack_label: "Marquer comme vu\u00a0: {name}",
      acked: "vu",
      failed: "Non enregistré\u00a0: réessayez",
      cat_speaker: "intervenant·e", cat_press: "presse", cat_delegation: "délégation",
      cat_visitor: "visiteur", cat_partner: "partenaire", cat_staff: "équipe",
    },
    en: {
      title: "Arrivals that matter",
      none: "No alerts yet",
      arrival: "Arrived",
      speaker_missing: "Speaker expected, not arrived yet",
      ack: "Seen",
      ack_label: "Mark as seen: {name}",
      acked: "seen",
      failed: "Not saved: try again",
      cat_speaker: "speaker", cat_press: "press", cat_delegation: "delegation",
      cat_visitor: "visitor", cat_partner: "partner", cat_staff: "staff",
    },
  };
  let list = null, version = -1, lang = "fr", ui = null, failed = false, checkpoints = {};
  let el = null; // app.js's element helper

  async function fetchAlerts() {
    try {
      const r = await fetch("/api/v1/alerts", { credentials: "same-origin", cache: "no-store" });
      if (!r.ok) return;
      list = (await r.json()).alerts || [];
      paint();
    } catch (e) { /* the counts' socket covers an unreachable hub */ }
  }

  async function ack(id) {
    const csrf = document.querySelector('input[name="csrf"]');
    const body = new URLSearchParams({ id: String(id), csrf: csrf ? csrf.value : "" });
    try {
      const r = await fetch("/api/v1/alerts/ack", { method: "POST", credentials: "same-origin", body });
      failed = !r.ok;
      if (r.ok) { const a = list.find((x) => x.id === id); if (a) a.acknowledged = true; }
    } catch (e) { failed = true; }
    paint();
  }

  function draw(counts, u) {
    const box = document.getElementById("alerts");
    if (!box) return;
    ui = u;
    el = u.el;
    lang = u.lang;
    checkpoints = counts.by_checkpoint || {};
    box.hidden = false;
    if (counts.alerts_version !== version) {
      version = counts.alerts_version;
      fetchAlerts();
    }
    paint();
  }

  function paint() {
    const box = document.getElementById("alerts");
    if (!box || !ui) return;
    const w = WORDS[lang] || WORDS.fr;
    box.replaceChildren(el("h2", "", w.title));
    if (failed) box.appendChild(el("p", "error", w.failed));
    const ul = el("ul", "rows alert-list");
    box.appendChild(ul);
    if (!list || list.length === 0) { ul.appendChild(el("li", "muted", w.none)); return; }
    // Not yet seen first, each group newest first, as the hub sends them.
    const shown = list.filter((a) => !a.acknowledged).concat(list.filter((a) => a.acknowledged).slice(0, 10));
    for (const a of shown) {
      const li = el("li", "alert " + a.kind + (a.acknowledged ? " seen" : ""));
      li.dataset.alert = String(a.id);
      const who = a.name || a.attendee_id;
      const head = el("span", "label");
      head.append(el("span", "when", ui.hhmm(new Date(a.at))), " ", el("strong", "", who));
      const cat = w["cat_" + a.category];
      if (cat) head.append(" · " + cat);
      li.appendChild(head);
      if (a.acknowledged) li.appendChild(el("span", "value muted", w.acked));
      else {
        const b = el("button", "ack", w.ack);
        b.type = "button";
        b.setAttribute("aria-label", w.ack_label.replace("{name}", who));
        b.addEventListener("click", () => ack(a.id));
        li.appendChild(b);
      }
      const cp = checkpoints[a.checkpoint];
      const where = cp ? (lang === "en" && cp.name_en) || cp.name : a.checkpoint;
      li.appendChild(el("span", "what", w[a.kind] + (where ? " · " + where : "") + (a.kiosk ? " · " + a.kiosk : "")));
      if (a.note) li.appendChild(el("span", "note", a.note));
      ul.appendChild(li);
    }
  }

  (window.AccueilPanels = window.AccueilPanels || []).push(draw);
})();
