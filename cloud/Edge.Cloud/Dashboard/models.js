// Admin view of the model registry: uploaded models, which site runs what, promote and roll back.
"use strict";

const Models = {
  async refresh() {
    const [models, sites] = await Promise.all([App.api("/api/models"), App.api("/api/sites/models")]);
    App.fill("models", models, "No model uploaded yet.", (m) => [
      App.cell(m.version), App.cell(m.kind), App.cell(`${(m.size / 1024).toFixed(1)} KiB`),
      App.cell(`${m.sha256.slice(0, 16)}…`), App.cell(`${App.time(m.uploadedAt)} by ${m.uploadedBy}`),
    ]);
    const select = document.getElementById("assign-version");
    select.replaceChildren(...models.map((m) => new Option(m.version, m.version)));
    App.fill("site-models", sites, "No site runs a model from the cloud yet.", (s) => {
      const actions = document.createElement("td");
      actions.append(
        Models.button(`Promote ${s.shadow ?? ""}`.trim(), !s.shadow, () => Models.change("promote", s)),
        " ",
        Models.button(`Roll back to ${s.previous ?? "previous"}`, !s.previous, () => Models.change("rollback", s)));
      return [
        App.cell(s.site), App.cell(s.machineKind), App.cell(s.serving ?? "—"),
        App.cell(s.shadow ? `${s.shadow} (since ${App.time(s.shadowSince)})` : "—"), App.cell(s.previous ?? "—"), actions,
      ];
    });
  },

  button(text, disabled, onClick) {
    const button = document.createElement("button");
    button.type = "button";
    button.textContent = text;
    button.disabled = disabled;
    button.addEventListener("click", onClick);
    return button;
  },

  async report(sent, success) {
    document.getElementById("model-result").textContent = sent.ok ? success : `Refused: ${sent.message}`;
    if (sent.ok) await Models.refresh();
  },

  async change(action, site) {
    const sent = await App.send(`/api/models/${action}`, "POST", { site: site.site, machineKind: site.machineKind });
    await Models.report(sent, action === "promote" ? `Promoted at ${site.site}.` : `Rolled back at ${site.site}.`);
  },
};

document.getElementById("model-upload").addEventListener("submit", async (event) => {
  event.preventDefault();
  const file = document.getElementById("model-file").files[0];
  if (!file) return;
  const sent = await App.send("/api/models", "POST", await file.arrayBuffer(), "application/zip");
  await Models.report(sent, sent.ok ? `Uploaded ${sent.data.version} (signed).` : "");
});

document.getElementById("model-assign").addEventListener("submit", async (event) => {
  event.preventDefault();
  const body = {
    site: document.getElementById("assign-site").value,
    machineKind: document.getElementById("assign-kind").value,
    version: document.getElementById("assign-version").value,
    stage: "shadow",
  };
  const sent = await App.send("/api/models/assign", "POST", body);
  await Models.report(sent, `${body.version} runs in shadow at ${body.site}.`);
});
