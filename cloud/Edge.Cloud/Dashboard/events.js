// The machine page's record of failures, repairs, maintenance and error codes (what the model learns from).
"use strict";

const MachineEvents = {
  machine: null,
  site: null,

  async show(machineId, site) {
    MachineEvents.machine = machineId;
    if (site) {
      MachineEvents.site = site;
    } else {
      const machines = await App.api("/api/machines");
      MachineEvents.site = machines.find((m) => m.machineId === machineId)?.gatewayId ?? null;
    }
    document.getElementById("event-form").hidden = !MachineEvents.site;
    const onSite = MachineEvents.site ? `?site=${encodeURIComponent(MachineEvents.site)}` : "";
    const events = await App.api(`/api/machines/${encodeURIComponent(machineId)}/events${onSite}`);
    App.fill("events", events, "Nothing recorded yet.", (e) => [
      App.cell(App.time(e.timestamp)),
      App.cell(e.kind),
      App.cell(e.detail || "—"),
      App.cell(e.recordedBy),
      App.cell(e.comment ?? ""),
    ]);
  },

  async record(event) {
    event.preventDefault();
    const result = document.getElementById("event-result");
    const time = document.getElementById("event-time").value;
    const body = {
      kind: document.getElementById("event-kind").value,
      detail: document.getElementById("event-detail").value,
      comment: document.getElementById("event-note").value || null,
      timestamp: time ? new Date(time).toISOString() : null,
    };
    const url = `/api/machines/${encodeURIComponent(MachineEvents.machine)}/events?site=${encodeURIComponent(MachineEvents.site)}`;
    const sent = await App.send(url, "POST", body);
    if (!sent.ok) { result.textContent = `Not recorded: ${sent.message}`; return; }
    result.textContent = `Recorded: ${sent.data.kind} (${sent.data.detail}).`;
    document.getElementById("event-detail").value = "";
    document.getElementById("event-note").value = "";
    document.getElementById("event-time").value = "";
    await MachineEvents.show(MachineEvents.machine, MachineEvents.site);
  },
};

document.getElementById("event-form").addEventListener("submit", (event) => MachineEvents.record(event));
