// Operator view: footfall heatmap (zone x hour), today against the same weekday last week, dwell, and the noise that applies.
"use strict";

const Stores = {
  isoDay(date) { return date.toISOString().slice(0, 10); },

  addDays(day, days) {
    const date = new Date(`${day}T00:00:00Z`);
    date.setUTCDate(date.getUTCDate() + days);
    return Stores.isoDay(date);
  },

  seconds(span) {
    // TimeSpan as "hh:mm:ss" or "d.hh:mm:ss".
    const match = /^(?:(\d+)\.)?(\d+):(\d+):(\d+)/.exec(span ?? "");
    if (!match) return 0;
    return (Number(match[1] ?? 0) * 86400) + (Number(match[2]) * 3600) + (Number(match[3]) * 60) + Number(match[4]);
  },

  async refresh() {
    const [stores, beacons] = await Promise.all([App.api("/api/stores"), App.api("/api/stores/beacon-health")]);
    const select = document.getElementById("store-select");
    const chosen = select.value;
    // Store ids are per site (every gateway's default is store-1): an option is a (site, store) pair.
    const sites = new Set(stores.map((s) => s.gatewayId));
    select.replaceChildren(...stores.map((s) => {
      const option = document.createElement("option");
      option.value = `${s.gatewayId}/${s.storeId}`;
      option.textContent = sites.size > 1 ? `${s.storeId} (${s.gatewayId})` : s.storeId;
      return option;
    }));
    if (stores.some((s) => `${s.gatewayId}/${s.storeId}` === chosen)) select.value = chosen;
    const dayInput = document.getElementById("store-day");
    if (!dayInput.value) dayInput.value = Stores.isoDay(new Date());

    App.fill("beacons", beacons, "No store gateway has released footfall yet.", (b) => [
      App.cell(b.storeId), App.cell(b.gatewayId),
      App.cell(App.time(b.lastSeen), b.lastSeen && Date.now() - Date.parse(b.lastSeen) > App.staleAfterMs ? "stale" : ""),
      App.cell(App.time(b.lastFootfallAt)), App.cell(b.outboxBacklog ?? "—"),
      App.cell(b.hoursOfAutonomyLeft == null ? "—" : `${b.hoursOfAutonomyLeft.toFixed(1)} h`),
    ]);

    if (!select.value) {
      document.getElementById("noise-note").textContent = "No footfall has been released yet.";
      return;
    }
    await Stores.show(select.value, dayInput.value);
  },

  async show(siteAndStore, day) {
    const [site, storeId] = siteAndStore.split("/");
    const lastWeek = Stores.addDays(day, -7);
    const data = await App.api(`/api/stores/${encodeURIComponent(storeId)}/footfall?day=${lastWeek}&days=8&site=${encodeURIComponent(site)}`);
    const today = data.cells.filter((c) => c.day === day);
    const before = data.cells.filter((c) => c.day === lastWeek);
    const privacy = data.privacy.find((p) => p.day === day) ?? data.privacy[0] ?? null;

    const note = document.getElementById("noise-note");
    if (privacy) {
      const p = privacy.privacy;
      const windowMinutes = Math.max(1, Math.round(Stores.seconds(p.window) / 60));
      const perHour = Math.max(1, Math.round(60 / windowMinutes));
      note.textContent = `Counts are noisy on purpose (differential privacy): each ${windowMinutes}-minute count is within ±${p.countNoise95} with 95% confidence; `
        + `an hour adds ${perHour} windows, so hourly totals are within about ±${Math.round(p.countNoise95 * Math.sqrt(perHour))}. `
        + `Counts below ${p.suppressBelow} are not shown.`;
    } else {
      note.textContent = "No privacy parameters received for this day.";
    }

    const zones = [...new Set(today.concat(before).map((c) => c.zoneId))].sort();
    const hourOf = (c) => new Date(c.windowStart).getUTCHours();
    const hours = [...new Set(today.concat(before).map(hourOf))].sort((a, b) => a - b);
    const sum = (cells, zone, hour) => {
      let total = 0, suppressed = false, any = false;
      for (const c of cells) {
        if ((zone === null || c.zoneId === zone) && hourOf(c) === hour) {
          any = true;
          if (c.suppressed || c.visitors == null) suppressed = true; else total += Math.max(0, c.visitors);
        }
      }
      return { total, suppressed, any };
    };
    const label = (h) => `${String(h).padStart(2, "0")}:00`;

    const heatHead = document.querySelector("#heatmap thead");
    const headRow = document.createElement("tr");
    headRow.append(Object.assign(document.createElement("th"), { scope: "col", textContent: "Zone" }),
      ...hours.map((h) => Object.assign(document.createElement("th"), { scope: "col", textContent: label(h) })));
    heatHead.replaceChildren(headRow);
    const peak = Math.max(1, ...zones.flatMap((z) => hours.map((h) => sum(today, z, h).total)));
    App.fill("heatmap", zones, "No footfall for this day.", (zone) => {
      const th = Object.assign(document.createElement("th"), { scope: "row", textContent: zone });
      return [th, ...hours.map((h) => {
        const s = sum(today, zone, h);
        const td = App.cell(!s.any ? "—" : s.suppressed && s.total === 0 ? "few" : String(s.total), "cell");
        td.style.background = `rgba(11, 92, 173, ${(0.08 + 0.8 * (s.total / peak)).toFixed(2)})`;
        if (s.total / peak > 0.55) td.style.color = "#fff";
        td.setAttribute("aria-label", `${zone} at ${label(h)}: ${td.textContent} visitors`);
        return td;
      })];
    });

    const compareHead = document.querySelector("#compare thead");
    const compareRow = document.createElement("tr");
    compareRow.append(...["Hour (UTC)", day, `${lastWeek} (same weekday)`, "Change"].map((t) => Object.assign(document.createElement("th"), { scope: "col", textContent: t })));
    compareHead.replaceChildren(compareRow);
    App.fill("compare", hours, "No footfall to compare.", (h) => {
      const now = sum(today, null, h), then = sum(before, null, h);
      const change = now.any && then.any ? now.total - then.total : null;
      const shown = (s) => (!s.any ? "—" : s.suppressed && s.total === 0 ? "few" : String(s.total));
      return [App.cell(label(h)), App.cell(shown(now)), App.cell(shown(then)),
        App.cell(change == null ? "—" : `${change >= 0 ? "+" : ""}${change}`)];
    });

    App.fill("dwell", zones, "No dwell data.", (zone) => {
      let visitors = 0, dwell = 0;
      for (const c of today) if (c.zoneId === zone && c.visitors != null && c.dwellSecondsSum != null) { visitors += Math.max(0, c.visitors); dwell += Math.max(0, c.dwellSecondsSum); }
      return [App.cell(zone), App.cell(String(visitors)), App.cell(visitors > 0 ? `${(dwell / visitors / 60).toFixed(1)} min` : "—")];
    });

    const list = document.getElementById("privacy");
    list.replaceChildren();
    if (privacy) {
      const p = privacy.privacy;
      const rows = [
        ["Released by gateway", privacy.gatewayId],
        ["Privacy budget per release (ε)", p.epsilonPerRelease],
        ["Privacy budget per day (ε)", p.epsilonPerDay],
        ["Most windows one device can count in per day", p.maxWindowsPerDevicePerDay],
        ["Counts below this are suppressed", p.suppressBelow],
        ["Window", p.window],
        ["Dwell is capped at", p.maxDwell],
        ["95% noise half-width per count", `±${p.countNoise95}`],
        ["95% noise half-width per dwell sum", p.dwellSecondsNoise95 ? `±${p.dwellSecondsNoise95} s` : "not sent"],
      ];
      for (const [term, value] of rows) {
        list.append(Object.assign(document.createElement("dt"), { textContent: term }), Object.assign(document.createElement("dd"), { textContent: String(value) }));
      }
    }
  },
};

document.getElementById("store-select").addEventListener("change", () => Stores.refresh());
document.getElementById("store-day").addEventListener("change", () => Stores.refresh());
