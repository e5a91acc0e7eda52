namespace Edge.Cloud.Storage;

/// <summary>
/// PostgreSQL tables. Time series (summaries, predictions, health history, footfall cells) are range-partitioned by day
/// with native declarative partitioning; retention drops whole partitions. A DEFAULT partition catches rows whose
/// day has no partition (a gateway clock far off), so an insert never fails for want of one.
/// </summary>
internal static class PostgresSchema
{
    /// <summary>Partitioned tables and the column they are partitioned on.</summary>
    public static readonly (string Table, string Column)[] Partitioned =
    [
        ("machine_summaries", "window_start"),
        ("predictions", "at"),
        ("gateway_health", "at"),
        ("footfall_cells", "window_start"),
    ];

    public const string Create = """
        CREATE TABLE IF NOT EXISTS records (
            gateway_id text NOT NULL, sequence bigint NOT NULL, kind text NOT NULL,
            committed_at timestamptz NOT NULL, received_at timestamptz NOT NULL,
            PRIMARY KEY (gateway_id, sequence));
        CREATE INDEX IF NOT EXISTS records_by_received ON records(received_at);
        CREATE TABLE IF NOT EXISTS gateways (
            gateway_id text PRIMARY KEY, last_seen timestamptz NOT NULL, last_sequence bigint NOT NULL,
            version text, backlog bigint, autonomy_hours double precision, warnings text, health_at timestamptz);
        CREATE TABLE IF NOT EXISTS gateway_health (
            gateway_id text NOT NULL, sequence bigint NOT NULL, at timestamptz NOT NULL, version text NOT NULL,
            backlog bigint NOT NULL, autonomy_hours double precision, warnings text NOT NULL) PARTITION BY RANGE (at);
        CREATE INDEX IF NOT EXISTS gateway_health_by_gateway ON gateway_health(gateway_id, at);
        CREATE TABLE IF NOT EXISTS machine_summaries (
            gateway_id text NOT NULL, sequence bigint NOT NULL, machine_id text NOT NULL,
            window_start timestamptz NOT NULL, window_end timestamptz NOT NULL, sensors text NOT NULL) PARTITION BY RANGE (window_start);
        CREATE INDEX IF NOT EXISTS machine_summaries_by_machine ON machine_summaries(machine_id, window_start);
        CREATE TABLE IF NOT EXISTS machines (
            machine_id text NOT NULL, gateway_id text NOT NULL, last_window_end timestamptz NOT NULL, sensors text NOT NULL,
            PRIMARY KEY (gateway_id, machine_id));
        CREATE TABLE IF NOT EXISTS alerts (
            gateway_id text NOT NULL, alert_id text NOT NULL, machine_id text NOT NULL, alert_kind text NOT NULL,
            severity text NOT NULL, state text NOT NULL, edge_state text NOT NULL, predicted_rul double precision, rul_unit text,
            failure_probability double precision, model_version text, reason text NOT NULL, top_features text NOT NULL,
            first_seen timestamptz NOT NULL, last_updated timestamptz NOT NULL, acknowledged_by text, acknowledged_at timestamptz,
            resolved_by text, resolved_at timestamptz, PRIMARY KEY (gateway_id, alert_id));
        CREATE INDEX IF NOT EXISTS alerts_by_state ON alerts(state, severity);
        CREATE TABLE IF NOT EXISTS alert_history (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, gateway_id text NOT NULL, alert_id text NOT NULL,
            at timestamptz NOT NULL, action text NOT NULL, actor text NOT NULL, comment text, severity text NOT NULL, state text NOT NULL);
        CREATE INDEX IF NOT EXISTS alert_history_by_alert ON alert_history(gateway_id, alert_id);
        CREATE TABLE IF NOT EXISTS predictions (
            gateway_id text NOT NULL, machine_id text NOT NULL, at timestamptz NOT NULL, predicted_rul double precision, rul_unit text,
            failure_probability double precision, model_version text, alert_id text NOT NULL) PARTITION BY RANGE (at);
        CREATE INDEX IF NOT EXISTS predictions_by_machine ON predictions(machine_id, at);
        CREATE TABLE IF NOT EXISTS footfall_cells (
            store_id text NOT NULL, zone_id text NOT NULL, window_start timestamptz NOT NULL, window_end timestamptz NOT NULL,
            day date NOT NULL, gateway_id text NOT NULL, visitors bigint, dwell_seconds_sum bigint, suppressed boolean NOT NULL,
            partial boolean NOT NULL, PRIMARY KEY (gateway_id, store_id, zone_id, window_start)) PARTITION BY RANGE (window_start);
        CREATE INDEX IF NOT EXISTS footfall_by_day ON footfall_cells(store_id, day);
        CREATE TABLE IF NOT EXISTS footfall_privacy (
            store_id text NOT NULL, day date NOT NULL, gateway_id text NOT NULL, epsilon_per_release double precision NOT NULL,
            epsilon_per_day double precision NOT NULL, max_windows_per_device integer NOT NULL, suppress_below integer NOT NULL,
            window_seconds double precision NOT NULL, max_dwell_seconds double precision NOT NULL, count_noise95 bigint NOT NULL,
            received_at timestamptz NOT NULL, parameters text NOT NULL, PRIMARY KEY (gateway_id, store_id, day));
        CREATE TABLE IF NOT EXISTS users (
            name text PRIMARY KEY, role text NOT NULL, password_hash text NOT NULL, created_at timestamptz NOT NULL);
        CREATE TABLE IF NOT EXISTS user_sites (name text NOT NULL, site text NOT NULL, PRIMARY KEY (name, site));
        CREATE TABLE IF NOT EXISTS api_tokens (
            token_hash text PRIMARY KEY, name text NOT NULL, label text NOT NULL, created_at timestamptz NOT NULL);
        CREATE TABLE IF NOT EXISTS audit (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, at timestamptz NOT NULL, actor text NOT NULL, action text NOT NULL,
            target text NOT NULL, detail text);
        CREATE TABLE IF NOT EXISTS machine_summaries_default PARTITION OF machine_summaries DEFAULT;
        CREATE TABLE IF NOT EXISTS predictions_default PARTITION OF predictions DEFAULT;
        CREATE TABLE IF NOT EXISTS gateway_health_default PARTITION OF gateway_health DEFAULT;
        CREATE TABLE IF NOT EXISTS footfall_cells_default PARTITION OF footfall_cells DEFAULT;
        """;

    /// <summary>
    /// Databases created before site-scoped keys: machines were keyed by machine id alone and footfall by store, so two
    /// sites with the same ids overwrote each other. Re-keys them with the gateway (site) first; a no-op once done. The
    /// old keys were unique, so the rows already there all fit the new ones. On the partitioned footfall table the new
    /// primary key is created on every partition.
    /// </summary>
    public const string MigrateSiteKeys = """
        DO $$
        DECLARE
            t record;
        BEGIN
            FOR t IN SELECT * FROM (VALUES
                ('machines', 'gateway_id, machine_id'),
                ('footfall_cells', 'gateway_id, store_id, zone_id, window_start'),
                ('footfall_privacy', 'gateway_id, store_id, day')) AS k(name, columns)
            LOOP
                IF NOT EXISTS (
                    SELECT 1 FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)
                    WHERE i.indrelid = t.name::regclass AND i.indisprimary AND a.attname = 'gateway_id') THEN
                    EXECUTE format('ALTER TABLE %I DROP CONSTRAINT %I', t.name, t.name || '_pkey');
                    EXECUTE format('ALTER TABLE %I ADD PRIMARY KEY (%s)', t.name, t.columns);
                END IF;
            END LOOP;
        END $$;
        """;
}
