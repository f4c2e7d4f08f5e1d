// The General Meeting's quorum gauge on the dashboard and the projector,
// and, on the dashboard, the download of one attendee's attendance
// certificate. Kept apart from app.js: app.js hands it each counts
// document and the language through an "accueil:counts" event, and this
// file draws its own panel above the main grid.
//
// The gauge shows votes only, never a name, so the projector may show it.
"use strict";

(function () {
  const view = document.body.dataset.view;
  if (view !== "dashboard" && view !== "projector") return;

  const WORDS = {
    fr: {
      meeting: "Quorum",
      present: "Présents",
      represented: "Représentés",
      required: "Requis",
      votes: "{n}\u00a0voix",
      of_total: "sur {n}\u00a0voix",
      reached_at: "Quorum atteint à {t}",
      reached_then: "Quorum atteint à {t}, puis repassé en dessous",
      missing: "Il manque {n}\u00a0voix",
      gauge_label: "{name}\u00a0: {p}\u00a0voix présentes et {r}\u00a0représentées, {q}\u00a0requises sur {t}",
      certificate: "Attestation de présence",
      certificate_id: "Identifiant du participant",
      certificate_get: "Télécharger (PDF)",
      certificate_hint: "Dans la langue du participant. Aucune attestation pour qui n’a jamais été admis.",
    },
    en: {
      meeting: "Quorum",
      present: "Present",
      represented: "Represented",
      required: "Required",
      votes: "{n} votes",
      of_total: "of {n} votes",
      reached_at: "Quorum reached at {t}",
      reached_then: "Quorum reached at {t}, since fallen below",
      missing: "{n} votes short",
      gauge_label: "{name}: {p} votes present and {r} represented, {q} required of {t}",
      certificate: "Certificate of attendance",
      certificate_id: "Attendee id",
      certificate_get: "Download (PDF)",
      certificate_hint: "In the attendee’s language. None for someone never admitted.",
    },
  };

  let lang = "fr", counts = null;
  const t = (key, vars) => {
    let s = (WORDS[lang] || WORDS.fr)[key] || key;
    if (vars) s = s.replace(/\{(\w+)\}/g, (m, k) => (k in vars ? String(vars[k]) : m));
    return s;
  };
  const num = (n) => new Intl.NumberFormat(lang === "fr" ? "fr-FR" : "en-GB").format(n);
  function clock(iso) {
    const o = { hour: "2-digit", minute: "2-digit", hour12: false };
    if (counts && counts.time_zone) o.timeZone = counts.time_zone;
    try { return new Intl.DateTimeFormat(lang === "fr" ? "fr-FR" : "en-GB", o).format(new Date(iso)); }
    catch (e) { delete o.timeZone; return new Intl.DateTimeFormat("fr-FR", o).format(new Date(iso)); }
  }
  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  // The panel sits before the main grid, whatever that grid's layout.
  const panel = el("div", "meetings");
  panel.id = "meetings";
  const main = document.querySelector("main");
  // The projector at the meeting room's door shows the gauge first; the
  // organisers' dashboard keeps the arrivals first and the gauge below.
  main.parentNode.insertBefore(panel, view === "projector" ? main : main.nextSibling);

  function meetings(c) {
    return Object.entries(c.by_checkpoint || {})
      .filter(([, cp]) => cp.quorum && cp.quorum.votes_total > 0) // no voting member: nothing to gauge
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  }

  function draw() {
    panel.replaceChildren();
    if (!counts) return;
    for (const [id, cp] of meetings(counts)) panel.appendChild(gauge(id, cp));
    if (view === "dashboard") panel.appendChild(certificateForm());
  }

  // gauge is one meeting's card: present votes, then represented votes, on
  // one bar scaled to all votes, with a mark at the quorum.
  function gauge(id, cp) {
    const q = cp.quorum, total = Math.max(q.votes_total, 1);
    const name = (lang === "en" && cp.name_en) || cp.name || id;
    const card = el("section", "card meeting" + (q.reached ? " reached" : ""));
    card.dataset.checkpoint = id;
    const h = el("h2", null, t("meeting") + " · " + name);
    h.id = "meeting-h-" + id;
    card.setAttribute("aria-labelledby", h.id);
    card.appendChild(h);

    const counted = q.votes_present + q.votes_represented;
    const big = el("p", "meeting-big");
    big.appendChild(el("span", "num", num(counted)));
    big.appendChild(el("span", "of", " / " + num(q.votes_required) + " "));
    big.appendChild(el("span", "total", t("of_total", { n: num(q.votes_total) })));
    card.appendChild(big);

    const bar = el("div", "quorum-bar");
    bar.setAttribute("role", "meter");
    bar.setAttribute("aria-valuemin", "0");
    bar.setAttribute("aria-valuemax", String(q.votes_total));
    bar.setAttribute("aria-valuenow", String(counted));
    bar.setAttribute("aria-label", t("gauge_label", { name, p: num(q.votes_present), r: num(q.votes_represented), q: num(q.votes_required), t: num(q.votes_total) }));
    const present = el("span", "part present"), repr = el("span", "part represented"), mark = el("span", "mark");
    present.style.width = (q.votes_present / total) * 100 + "%";
    repr.style.width = (q.votes_represented / total) * 100 + "%";
    mark.style.left = Math.min(100, (q.votes_required / total) * 100) + "%";
    bar.append(present, repr, mark);
    card.appendChild(bar);

    const legend = el("ul", "quorum-legend");
    for (const [cls, key, n] of [["present", "present", q.votes_present], ["represented", "represented", q.votes_represented], ["required", "required", q.votes_required]]) {
      const li = el("li", cls);
      li.appendChild(el("span", "swatch"));
      li.appendChild(el("span", "label", t(key)));
      li.appendChild(el("strong", "value", t("votes", { n: num(n) })));
      legend.appendChild(li);
    }
    card.appendChild(legend);

    let status;
    if (q.reached && q.reached_at) status = t("reached_at", { t: clock(q.reached_at) });
    else if (q.reached_at) status = t("reached_then", { t: clock(q.reached_at) });
    else status = t("missing", { n: num(Math.max(0, q.votes_required - counted)) });
    const p = el("p", "quorum-status", status);
    p.setAttribute("role", "status");
    card.appendChild(p);
    return card;
  }

  // certificateForm downloads one certificate; the browser sends the
  // organiser's login cookie with the request.
  let typed = "";
  function certificateForm() {
    const card = el("section", "card certificate");
    const h = el("h2", null, t("certificate"));
    h.id = "certificate-h";
    card.setAttribute("aria-labelledby", h.id);
    const form = el("form", "certificate-form");
    const label = el("label", null, t("certificate_id"));
    const input = el("input");
    input.id = label.htmlFor = "certificate-id";
    input.name = "id";
    input.required = true;
    input.maxLength = 32;
    input.autocomplete = "off";
    input.spellcheck = false;
    input.value = typed;
    input.addEventListener("input", () => { typed = input.value; });
    const button = el("button", null, t("certificate_get"));
    button.type = "submit";
    form.append(label, input, button, el("p", "hint", t("certificate_hint")));
    form.addEventListener("submit", (ev) => {
      ev.preventDefault();
      const id = input.value.trim();
      if (id) location.href = "/api/v1/certificates/" + encodeURIComponent(id) + ".pdf?lang=auto";
    });
    card.append(h, form);
    return card;
  }

  // The form is redrawn only when the language changes, so that typing in
  // it is never interrupted by counts arriving.
  let drawnLang = null, drawnVersion = null;
  document.addEventListener("accueil:counts", (ev) => {
    counts = ev.detail.counts;
    lang = ev.detail.lang === "en" ? "en" : "fr";
    const active = document.activeElement && document.activeElement.id === "certificate-id";
    if (active && drawnLang === lang) {
      for (const old of panel.querySelectorAll(".meeting")) old.remove();
      const form = panel.querySelector(".certificate");
      for (const [id, cp] of meetings(counts)) panel.insertBefore(gauge(id, cp), form);
    } else if (drawnVersion !== counts.version || drawnLang !== lang) {
      draw();
    }
    drawnLang = lang;
    drawnVersion = counts.version;
  });
})();
