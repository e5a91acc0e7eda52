// Engineer views: open alerts, machines, and one machine's page (trends, predicted life, why, acknowledge/resolve).
"use strict";

const Plant = {
  current: null,

  remaining(alert) {
    if (alert.predictedRemainingLife == null) return "—";
    return `${alert.predictedRemainingLife.toFixed(1)} ${alert.remainingLifeUnit ?? ""}`.trim();
  },

  severityCell(severity) {
    const td = App.cell(severity, `sev sev-${severity}`);
    return td;
  },

  // Machine ids are per site (two plants may both have press-01): the link names the site too.
  machineLink(machineId, site) {
    const td = document.createElement("td");
    const a = document.createElement("a");
    a.href = `#/machine/${encodeURIComponent(machineId)}` + (site ? `/${encodeURIComponent(site)}` : "");
    a.className = "machine-link";
    a.textContent = machineId;
    td.append(a);
    return td;
  },

  async overview() {
    const [alerts, machines] = await Promise.all([App.api("/api/alerts?state=open"), App.api("/api/machines")]);
    const acknowledged = await App.api("/api/alerts?state=acknowledged");
    App.fill("alerts", alerts.concat(acknowledged), "No open alerts.", (a) => [
      Plant.severityCell(a.severity),
      Plant.machineLink(a.machineId, a.gatewayId),
      App.cell(a.gatewayId),
      App.cell(Plant.remaining(a)),
      App.cell(a.failureProbability == null ? "—" : `${Math.round(a.failureProbability * 100)} %`),
      App.cell(a.reason),
      App.cell(a.state),
    ]);
    App.fill("machines", machines, "No machine summaries yet.", (m) => {
      const means = document.createElement("td");
      const list = document.createElement("div");
      list.className = "means";
      for (const [sensor, value] of Object.entries(m.latestMeans)) {
        const item = document.createElement("span");
        item.textContent = `${sensor}: ${value.toFixed(2)}`;
        list.append(item);
      }
      means.append(list);
      return [Plant.machineLink(m.machineId, m.gatewayId), App.cell(m.gatewayId), App.cell(App.time(m.lastSummaryAt)), means];
    });
  },

  async machine(machineId, site) {
    document.getElementById("machine-title").textContent = `Machine ${machineId}`;
    await MachineEvents.show(machineId, site);
    const id = encodeURIComponent(machineId);
    const onSite = site ? `site=${encodeURIComponent(site)}` : "";
    const [summaries, predictions, alerts] = await Promise.all([
      App.api(`/api/machines/${id}/summaries?${onSite}`),
      App.api(`/api/machines/${id}/predictions?${onSite}`),
      App.api(`/api/alerts?machine=${id}&${onSite}`),
    ]);

    const bySensor = new Map();
    for (const summary of summaries) {
      for (const sensor of summary.sensors) {
        if (!bySensor.has(sensor.sensor)) bySensor.set(sensor.sensor, []);
        bySensor.get(sensor.sensor).push({ t: new Date(summary.windowStart), v: sensor.mean });
      }
    }
    Charts.lines(document.getElementById("sensor-trends"), [...bySensor].map(([name, points]) => ({ name, points })), `Sensor means of ${machineId}`);
    const unit = predictions.find((p) => p.remainingLifeUnit)?.remainingLifeUnit ?? "";
    Charts.lines(document.getElementById("rul-chart"),
      [{ name: "predicted remaining life", points: predictions.filter((p) => p.predictedRemainingLife != null).map((p) => ({ t: new Date(p.at), v: p.predictedRemainingLife })) }],
      `Predicted remaining life of ${machineId}`, unit);

    const alert = alerts.find((a) => a.state !== "resolved") ?? alerts[0] ?? null;
    Plant.current = alert;
    const detail = document.getElementById("alert-detail");
    detail.replaceChildren();
    const actions = document.getElementById("alert-action");
    if (!alert) {
      detail.textContent = "No alert for this machine.";
      actions.hidden = true;
      App.fill("features", [], "—", () => []);
      document.getElementById("alert-history").replaceChildren();
      return;
    }
    actions.hidden = false;
    const line = document.createElement("p");
    const severity = document.createElement("span");
    severity.className = `sev sev-${alert.severity}`;
    severity.textContent = alert.severity;
    line.append(severity, ` ${alert.alertKind}: ${alert.reason}. Predicted time to failure ${Plant.remaining(alert)}. State: `);
    const state = document.createElement("strong");
    state.id = "alert-state";
    state.textContent = alert.state;
    line.append(state);
    if (alert.acknowledgedBy) line.append(` (acknowledged by ${alert.acknowledgedBy} at ${App.time(alert.acknowledgedAt)})`);
    detail.append(line);
    document.getElementById("acknowledge").disabled = alert.state !== "open";
    document.getElementById("resolve").disabled = alert.state === "resolved";

    const maxContribution = Math.max(0.0001, ...alert.topFeatures.map((f) => Math.abs(f.contribution)));
    App.fill("features", alert.topFeatures, "The gateway sent no feature breakdown.", (f) => {
      const contribution = document.createElement("td");
      const bar = document.createElement("span");
      bar.className = "bar";
      bar.style.width = `${Math.round((Math.abs(f.contribution) / maxContribution) * 8)}rem`;
      bar.setAttribute("aria-hidden", "true");
      contribution.append(bar, f.contribution.toFixed(2));
      const outside = f.trainingMax != null && (f.value > f.trainingMax || f.value < f.trainingMin);
      return [
        App.cell(f.feature),
        App.cell(f.value.toFixed(2) + (outside ? " (outside training range)" : "")),
        App.cell(f.trainingMin == null ? "—" : `${f.trainingMin.toFixed(2)} – ${f.trainingMax.toFixed(2)}`),
        contribution,
      ];
    });

    const history = await App.api(`/api/alerts/${encodeURIComponent(alert.gatewayId)}/${encodeURIComponent(alert.alertId)}/history`);
    const list = document.getElementById("alert-history");
    list.replaceChildren(...history.map((h) => {
      const li = document.createElement("li");
      const outcome = h.outcome ? ` [${h.outcome === "real" ? "real problem" : "false alarm"}]` : "";
      li.textContent = `${App.time(h.at)} — ${h.action} by ${h.actor} (${h.severity}, ${h.state})${outcome}${h.comment ? `: ${h.comment}` : ""}`;
      return li;
    }));
  },

  async act(action) {
    const alert = Plant.current;
    if (!alert) return;
    const result = document.getElementById("action-result");
    const comment = document.getElementById("alert-comment").value;
    try {
      await App.api(`/api/alerts/${encodeURIComponent(alert.gatewayId)}/${encodeURIComponent(alert.alertId)}/${action}`, {
        method: "POST",
        body: JSON.stringify(action === "resolve"
          ? { comment, outcome: document.querySelector("input[name=outcome]:checked")?.value || null }
          : { comment }),
      });
      document.getElementById("alert-comment").value = "";
      result.textContent = action === "acknowledge" ? "Alert acknowledged." : "Alert resolved.";
      await Plant.machine(alert.machineId, alert.gatewayId);
    } catch (error) {
      result.textContent = `Could not ${action}: ${error.message}`;
    }
  },
};

document.getElementById("acknowledge").addEventListener("click", () => Plant.act("acknowledge"));
document.getElementById("resolve").addEventListener("click", () => Plant.act("resolve"));
