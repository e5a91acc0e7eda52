// Edge dashboard: plain DOM, no framework, no CDN. Data from the cloud API; refreshed on server-sent events.
"use strict";

const staleAfterMs = 3 * 60 * 1000;

function cell(text, className) {
  const td = document.createElement("td");
  td.textContent = text;
  if (className) td.className = className;
  return td;
}

function formatTime(iso) {
  const date = new Date(iso);
  return date.toLocaleString();
}

function fillTable(id, rows, emptyText, toCells) {
  const body = document.querySelector(`#${id} tbody`);
  body.replaceChildren();
  if (rows.length === 0) {
    const tr = document.createElement("tr");
    const td = cell(emptyText);
    td.colSpan = 4;
    tr.append(td);
    body.append(tr);
    return;
  }
  for (const row of rows) {
    const tr = document.createElement("tr");
    tr.dataset.id = row.machineId ?? row.gatewayId;
    tr.append(...toCells(row));
    body.append(tr);
  }
}

async function getJson(url) {
  const response = await fetch(url, { headers: { accept: "application/json" } });
  if (!response.ok) throw new Error(`${url}: ${response.status}`);
  return response.json();
}

async function refresh() {
  const [gateways, machines] = await Promise.all([getJson("/api/gateways"), getJson("/api/machines")]);
  const now = Date.now();
  fillTable("gateways", gateways, "No gateway has reported yet.", (g) => [
    cell(g.gatewayId),
    cell(formatTime(g.lastSeen), now - Date.parse(g.lastSeen) > staleAfterMs ? "stale" : ""),
    cell(String(g.lastSequence)),
    cell(String(g.records)),
  ]);
  fillTable("machines", machines, "No machine summaries yet.", (m) => {
    const means = document.createElement("td");
    const list = document.createElement("div");
    list.className = "means";
    for (const [sensor, value] of Object.entries(m.latestMeans)) {
      const item = document.createElement("span");
      item.textContent = `${sensor}: ${value.toFixed(2)}`;
      list.append(item);
    }
    means.append(list);
    return [cell(m.machineId), cell(m.gatewayId), cell(formatTime(m.lastSummaryAt)), means];
  });
}

let pending = null;
function scheduleRefresh() {
  if (pending) return;
  pending = setTimeout(() => {
    pending = null;
    refresh().catch((error) => console.error(error));
  }, 250);
}

function connect() {
  const state = document.getElementById("live-state");
  const events = new EventSource("/api/events");
  events.addEventListener("changed", scheduleRefresh);
  events.onopen = () => { state.textContent = "live"; };
  events.onerror = () => { state.textContent = "reconnecting…"; };
}

refresh().catch((error) => console.error(error));
connect();
setInterval(scheduleRefresh, 30000);
