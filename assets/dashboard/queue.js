// The queue forecast at each entrance: expected arrivals against what the
// open lanes can admit, five minutes a bar over the next hour, and the
// advice in words. Drawn from the counts' "queue" (organisers only: the
// projector's counts carry none). app.js calls every function pushed on
// window.AccueilPanels after each redraw.
"use strict";

(function () {
  const SVG = "http://www.w3.org/2000/svg";
  const WORDS = {
    fr: {
      title: "File d’attente prévue",
      wait: "Attente\u00a0: {m}\u00a0min",
      no_lane: "Aucune file ouverte",
      capacity: "{n}/min possibles",
      arriving: "{n}/min arrivent",
      next30: "{n} attendus d’ici 30\u00a0min",
      kiosks: "{n} bornes",
      label: "{name}\u00a0: arrivées attendues par 5\u00a0minutes face à la capacité des files ouvertes ({c} par 5\u00a0minutes). {advice}",
      legend_expected: "arrivées attendues",
      legend_capacity: "capacité des files",
    },
    en: {
      title: "Queue forecast",
      wait: "Wait: {m} min",
      no_lane: "No lane open",
      capacity: "{n}/min possible",
      arriving: "{n}/min arriving",
      next30: "{n} expected within 30 min",
      kiosks: "{n} kiosks",
      label: "{name}: expected arrivals per 5 minutes against the open lanes’ capacity ({c} per 5 minutes). {advice}",
      legend_expected: "expected arrivals",
      legend_capacity: "lanes’ capacity",
    },
  };

  let el = null; // app.js's element helper

  function draw(counts, ui) {
    el = ui.el;
    const box = document.getElementById("queue");
    if (!box) return;
    const queue = counts.queue || {};
    const ids = Object.keys(queue).sort((a, b) => (a === "entrance" ? -1 : b === "entrance" ? 1 : a.localeCompare(b)));
    box.hidden = ids.length === 0;
    if (box.hidden) return;
    const w = WORDS[ui.lang] || WORDS.fr;
    const t = (k, vars) => w[k].replace(/\{(\w+)\}/g, (m, x) => (x in vars ? String(vars[x]) : m));
    const num = new Intl.NumberFormat(ui.lang === "fr" ? "fr-FR" : "en-GB", { maximumFractionDigits: 1 });
    box.replaceChildren(el("h2", "", w.title));
    for (const id of ids) {
      const q = queue[id], cp = (counts.by_checkpoint || {})[id] || {};
      const name = (ui.lang === "en" && cp.name_en) || cp.name || id;
      const advice = (q.advice_by_lang && q.advice_by_lang[ui.lang]) || q.advice || "";
      const part = el("div", "queue-entrance");
      part.dataset.checkpoint = id;
      if (ids.length > 1) part.appendChild(el("h3", "", name));
      const facts = el("p", "queue-facts");
      const wait = el("strong", "queue-wait", q.wait_minutes === null || q.wait_minutes === undefined ? w.no_lane : t("wait", { m: num.format(q.wait_minutes) }));
      facts.append(wait, " · " + [t("next30", { n: num.format(q.expected_next_30_min) }), t("arriving", { n: num.format(q.arrivals_per_min) }),
        t("capacity", { n: num.format(q.capacity_per_min) }), t("kiosks", { n: num.format(q.kiosks) })].join(" · "));
      part.appendChild(facts);
      const adv = el("p", "queue-advice" + (q.more_lanes > 0 || q.wait_minutes === null ? " act" : ""), advice);
      part.appendChild(adv);
      part.appendChild(chart(q, ui, t("label", { name, c: num.format((q.points[0] || {}).capacity || 0), advice }), num));
      const legend = el("p", "queue-legend");
      legend.append(el("span", "key expected", w.legend_expected), el("span", "key capacity", w.legend_capacity));
      part.appendChild(legend);
      box.appendChild(part);
    }
  }

  // chart draws the next hour: a bar per five minutes of expected
  // arrivals (past the lanes' capacity in the warning colour) and the
  // capacity as a line.
  function chart(q, ui, label, num) {
    const holder = el("div", "queue-chart");
    holder.setAttribute("role", "img");
    holder.setAttribute("aria-label", label);
    const points = q.points || [];
    if (points.length === 0) return holder;
    const W = Math.max(240, document.getElementById("queue").clientWidth - 28), H = 150;
    const pad = { l: 8, r: 8, t: 20, b: 22 };
    const max = Math.max(1, ...points.map((p) => Math.max(p.expected, p.capacity)));
    const bw = (W - pad.l - pad.r) / points.length, y0 = H - pad.b, scale = (H - pad.t - pad.b) / max;
    const svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("width", W);
    svg.setAttribute("height", H);
    svg.setAttribute("viewBox", `0 0 ${W} ${H}`);
    svg.setAttribute("aria-hidden", "true");
    const add = (tag, attrs, text) => {
      const e = document.createElementNS(SVG, tag);
      for (const k in attrs) e.setAttribute(k, attrs[k]);
      if (text !== undefined) e.textContent = text;
      svg.appendChild(e);
      return e;
    };
    add("line", { x1: pad.l, x2: W - pad.r, y1: y0, y2: y0, class: "axis" });
    points.forEach((p, i) => {
      const x = pad.l + i * bw, h = p.expected * scale;
      if (h > 0) add("rect", { x: x + bw * 0.12, y: y0 - h, width: Math.max(1, bw * 0.76), height: h, class: p.expected > p.capacity ? "over" : "under" });
      if (bw >= 26 && p.expected >= 1) add("text", { x: x + bw / 2, y: y0 - h - 4, class: "val", "text-anchor": "middle" }, num.format(Math.round(p.expected)));
      if (i % 3 === 0) add("text", { x: x, y: H - 6, class: "tick" }, ui.hhmm(new Date(p.at)));
    });
    const cy = y0 - points[0].capacity * scale;
    if (points[0].capacity > 0) add("line", { x1: pad.l, x2: W - pad.r, y1: cy, y2: cy, class: "cap" });
    holder.appendChild(svg);
    return holder;
  }

  (window.AccueilPanels = window.AccueilPanels || []).push(draw);
})();
