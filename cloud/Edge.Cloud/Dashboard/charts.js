// Tiny SVG line charts: no library. Each chart has a text alternative (role="img" + aria-label).
"use strict";

const Charts = (() => {
  const ns = "http://www.w3.org/2000/svg";
  const colors = ["#0b5cad", "#b3261e", "#2e7d32", "#8a5a00", "#6a1b9a", "#00838f"];

  function el(name, attributes) {
    const node = document.createElementNS(ns, name);
    for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, value);
    return node;
  }

  // series: [{ name, points: [{ t: Date, v: number }] }]
  function lines(container, series, label, unit) {
    container.replaceChildren();
    const all = series.flatMap((s) => s.points);
    if (all.length === 0) {
      const p = document.createElement("p");
      p.className = "hint";
      p.textContent = "No data in this period yet.";
      container.append(p);
      return;
    }
    const width = 480, height = 220, left = 44, bottom = 24, top = 10, right = 10;
    const tMin = Math.min(...all.map((p) => p.t.getTime())), tMax = Math.max(...all.map((p) => p.t.getTime()));
    let vMin = Math.min(...all.map((p) => p.v)), vMax = Math.max(...all.map((p) => p.v));
    if (vMin === vMax) { vMin -= 1; vMax += 1; }
    const x = (t) => left + ((t - tMin) / Math.max(1, tMax - tMin)) * (width - left - right);
    const y = (v) => top + (1 - (v - vMin) / (vMax - vMin)) * (height - top - bottom);
    const last = series.map((s) => s.points.length ? `${s.name} ${s.points[s.points.length - 1].v.toFixed(1)}${unit ? " " + unit : ""}` : "").filter(Boolean);
    const svg = el("svg", { viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": `${label}. Latest: ${last.join(", ")}.` });
    svg.append(el("line", { class: "axis", x1: left, y1: height - bottom, x2: width - right, y2: height - bottom }));
    svg.append(el("line", { class: "axis", x1: left, y1: top, x2: left, y2: height - bottom }));
    for (const v of [vMin, (vMin + vMax) / 2, vMax]) {
      const text = el("text", { x: 2, y: y(v) + 4 });
      text.textContent = v.toFixed(1);
      svg.append(text);
    }
    for (const t of [tMin, tMax]) {
      const text = el("text", { x: Math.min(x(t), width - 60), y: height - 6 });
      text.textContent = new Date(t).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
      svg.append(text);
    }
    series.forEach((s, i) => {
      const points = s.points.map((p) => `${x(p.t.getTime()).toFixed(1)},${y(p.v).toFixed(1)}`).join(" ");
      svg.append(el("polyline", { points, fill: "none", stroke: colors[i % colors.length], "stroke-width": 2 }));
    });
    container.append(svg);
    const legend = document.createElement("p");
    legend.className = "hint";
    legend.textContent = series.map((s, i) => `${["blue", "red", "green", "amber", "purple", "teal"][i % 6]}: ${s.name}`).join(" · ");
    container.append(legend);
  }

  return { lines };
})();
