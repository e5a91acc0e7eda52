namespace Edge.Cloud.Storage;

/// <summary>PostgreSQL tables of machine events and the model registry, and the resolve outcome of alerts (idempotent).</summary>
internal static class PostgresMaintenanceSchema
{
    public const string Create = """
        CREATE TABLE IF NOT EXISTS machine_events (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, site text NOT NULL, machine text NOT NULL, at timestamptz NOT NULL,
            kind text NOT NULL, detail text NOT NULL, comment text, recorded_by text NOT NULL, recorded_at timestamptz NOT NULL);
        CREATE INDEX IF NOT EXISTS machine_events_by_site ON machine_events(site, at);
        CREATE INDEX IF NOT EXISTS machine_events_by_machine ON machine_events(machine, at);
        CREATE TABLE IF NOT EXISTS models (
            version text PRIMARY KEY, kind text NOT NULL, size bigint NOT NULL, sha256 text NOT NULL, signature text NOT NULL,
            uploaded_by text NOT NULL, uploaded_at timestamptz NOT NULL, bytes bytea NOT NULL);
        CREATE TABLE IF NOT EXISTS model_assignments (
            site text NOT NULL, machine_kind text NOT NULL, serving text, shadow text, previous text, shadow_since timestamptz,
            updated_at timestamptz NOT NULL, updated_by text NOT NULL, PRIMARY KEY (site, machine_kind));
        ALTER TABLE alerts ADD COLUMN IF NOT EXISTS outcome text;
        ALTER TABLE alert_history ADD COLUMN IF NOT EXISTS outcome text;
        """;
}
