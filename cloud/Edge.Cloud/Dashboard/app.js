// Edge dashboard: plain DOM, no framework, no CDN. Data from the cloud API; refreshed on server-sent events.
"use strict";

const App = {
  me: null,
  staleAfterMs: 3 * 60 * 1000,

  async api(url, options = {}) {
    const response = await fetch(url, {
      ...options,
      headers: { accept: "application/json", ...(options.body ? { "content-type": "application/json" } : {}) },
      credentials: "same-origin",
    });
    if (response.status === 401 && !url.endsWith("/api/login")) {
      App.showLogin();
      throw new Error("login required");
    }
    if (!response.ok) throw new Error(`${url}: ${response.status}`);
    return response.status === 204 ? null : response.json();
  },

  cell(text, className) {
    const td = document.createElement("td");
    td.textContent = text;
    if (className) td.className = className;
    return td;
  },

  fill(table, rows, emptyText, toCells) {
    const body = document.querySelector(`#${table} tbody`);
    body.replaceChildren();
    if (rows.length === 0) {
      const tr = document.createElement("tr");
      const td = App.cell(emptyText);
      td.colSpan = document.querySelectorAll(`#${table} thead th`).length || 1;
      tr.append(td);
      body.append(tr);
      return;
    }
    for (const row of rows) {
      const tr = document.createElement("tr");
      tr.append(...toCells(row));
      body.append(tr);
    }
  },

  time(iso) { return iso ? new Date(iso).toLocaleString() : "—"; },

  // Sends JSON (or raw bytes) and returns { ok, data, message }: the message lists a problem's field errors for forms.
  async send(url, method, body, contentType = "application/json") {
    const response = await fetch(url, {
      method,
      headers: { accept: "application/json", "content-type": contentType },
      body: contentType === "application/json" ? JSON.stringify(body) : body,
      credentials: "same-origin",
    });
    const data = response.headers.get("content-type")?.includes("json") ? await response.json() : null;
    if (response.ok) return { ok: true, data, message: "" };
    const errors = data?.errors ? Object.values(data.errors).flat().join(" ") : "";
    return { ok: false, data, message: errors || data?.detail || data?.title || `${response.status}` };
  },

  show(view) {
    for (const section of document.querySelectorAll("main > section")) section.hidden = section.id !== `${view}-view`;
    for (const link of document.querySelectorAll("nav a")) {
      if (link.dataset.view === view || (view === "machine" && link.dataset.view === "plant")) link.setAttribute("aria-current", "page");
      else link.removeAttribute("aria-current");
    }
  },

  showLogin() {
    App.me = null;
    document.getElementById("nav").hidden = true;
    document.getElementById("logout").hidden = true;
    document.getElementById("user").textContent = "";
    App.show("login");
    document.getElementById("login-name").focus();
  },

  seesPlants() { return App.me && (App.me.role === "engineer" || App.me.role === "admin"); },
  seesStores() { return App.me && (App.me.role === "operator" || App.me.role === "admin"); },

  async start() {
    try {
      App.me = await App.api("/api/me");
    } catch {
      return;
    }
    document.getElementById("nav").hidden = false;
    document.getElementById("nav-plant").hidden = !App.seesPlants();
    document.getElementById("nav-stores").hidden = !App.seesStores();
    document.getElementById("nav-models").hidden = App.me.role !== "admin";
    document.getElementById("logout").hidden = !App.me.loginRequired;
    document.getElementById("user").textContent = App.me.loginRequired
      ? `${App.me.name} (${App.me.role})`
      : "Login not required on this server (trial/demo mode)";
    App.connect();
    await App.route();
  },

  async route() {
    if (!App.me) return;
    const hash = location.hash || (App.seesPlants() ? "#/plant" : "#/stores");
    const [, view, id, site] = hash.split("/");
    try {
      if (view === "machine" && App.seesPlants()) { App.show("machine"); await Plant.machine(decodeURIComponent(id), site ? decodeURIComponent(site) : null); }
      else if (view === "stores" && App.seesStores()) { App.show("stores"); await Stores.refresh(); }
      else if (view === "gateways") { App.show("gateways"); await App.gateways(); }
      else if (view === "models" && App.me.role === "admin") { App.show("models"); await Models.refresh(); }
      else if (App.seesPlants()) { App.show("plant"); await Plant.overview(); }
      else { App.show("stores"); await Stores.refresh(); }
    } catch (error) {
      console.error(error);
    }
  },

  async gateways() {
    const gateways = await App.api("/api/gateways");
    const now = Date.now();
    App.fill("gateways", gateways, "No gateway has reported yet.", (g) => [
      App.cell(g.gatewayId),
      App.cell(App.time(g.lastSeen), now - Date.parse(g.lastSeen) > App.staleAfterMs ? "stale" : ""),
      App.cell(g.outboxBacklog ?? "—"),
      App.cell(g.hoursOfAutonomyLeft == null ? "—" : g.hoursOfAutonomyLeft.toFixed(1)),
      App.cell(g.version ?? "—"),
      App.cell(String(g.records)),
      App.cell((g.warnings ?? []).join("; ") || "—"),
    ]);
  },

  pending: null,
  scheduleRefresh() {
    if (App.pending) return;
    App.pending = setTimeout(() => { App.pending = null; App.route(); }, 300);
  },

  events: null,
  connect() {
    if (App.events) return;
    const state = document.getElementById("live-state");
    App.events = new EventSource("/api/events");
    App.events.addEventListener("changed", () => App.scheduleRefresh());
    App.events.onopen = () => { state.textContent = "live"; };
    App.events.onerror = () => { state.textContent = "reconnecting…"; };
  },
};

document.getElementById("login-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const error = document.getElementById("login-error");
  error.textContent = "";
  const response = await fetch("/api/login", {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json" },
    body: JSON.stringify({ name: document.getElementById("login-name").value, password: document.getElementById("login-password").value }),
  });
  if (!response.ok) { error.textContent = "Wrong name or password."; return; }
  document.getElementById("login-password").value = "";
  location.hash = "";
  await App.start();
});

document.getElementById("logout").addEventListener("click", async () => {
  await fetch("/api/logout", { method: "POST" });
  if (App.events) { App.events.close(); App.events = null; }
  App.showLogin();
});

window.addEventListener("hashchange", () => App.route());
setInterval(() => App.scheduleRefresh(), 30000);
App.start();
