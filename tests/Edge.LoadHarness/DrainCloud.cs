using System.Data.Common;
using System.Globalization;
using System.Net;
using Edge.Kernel;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Edge.LoadHarness;

/// <summary>
/// The cloud service as its own process (<c>dotnet Edge.Cloud.dll</c>, as deployed) on free ports, its embedded broker
/// receiving the gateway's uplink, storing in SQLite (its data folder) or in a private PostgreSQL cluster. Progress and
/// the final check are read from the store itself, never from the cloud's own counters.
/// </summary>
internal sealed class DrainCloud : IAsyncDisposable
{
    private readonly string _directory;
    private readonly DrainOptions _options;
    private PostgresServer? _postgres;
    private string _connectionString = "";

    public DrainCloud(string directory, DrainOptions options)
    {
        _directory = directory;
        _options = options;
    }

    public ChildProcess? Process { get; private set; }

    public PostgresServer? Postgres => _postgres;

    public int BrokerPort { get; private set; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var cloudDll = _options.CloudDll ?? RepositoryLayout.CloudDll;
        var dataDirectory = Path.Combine(_directory, "cloud-data");
        BrokerPort = Loopback.FreePort();
        List<string> arguments =
        [
            cloudDll,
            $"--Cloud:DataDirectory={dataDirectory}",
            "--Cloud:RequireGatewayLogin=false",
            $"--Cloud:WebUrl=http://127.0.0.1:{Loopback.FreePort()}",
            $"--Cloud:BrokerPort={BrokerPort}",
            "--Logging:LogLevel:Default=Warning",
        ];
        if (_options.Store == DrainStore.Postgres)
        {
            _postgres = await PostgresServer.StartAsync(_options.PostgresFsync, cancellationToken);
            _connectionString = await _postgres.CreateDatabaseAsync("edge_drain", cancellationToken);
            arguments.Add("--Storage:Provider=PostgreSql");
            arguments.Add($"--Storage:ConnectionString={_connectionString}");
        }
        else
        {
            _connectionString = new SqliteConnectionStringBuilder
            {
                DataSource = Path.Combine(dataDirectory, "cloud.db"),
                Mode = SqliteOpenMode.ReadOnly,
                Pooling = false,
            }.ToString();
        }

        Process = ChildProcess.Start("cloud", "dotnet", arguments, Path.Combine(_directory, "cloud.log"));
        if (!await Loopback.WaitForListenerAsync(new IPEndPoint(IPAddress.Loopback, BrokerPort), Process, TimeSpan.FromSeconds(60), cancellationToken))
        {
            throw new InvalidOperationException($"The cloud did not listen on port {BrokerPort}: {Process.Tail(30)}");
        }
    }

    /// <summary>CPU ticks of the cloud process, plus PostgreSQL's processes when it stores there.</summary>
    public (long Cloud, long Database) CpuTicks() => (Process?.CpuTicks ?? 0, _postgres?.CpuTicks() ?? 0);

    /// <summary>Machine summaries of <paramref name="gatewayId"/> in the de-duplication ledger.</summary>
    public async Task<long> CountAsync(string gatewayId, CancellationToken cancellationToken)
    {
        await using var connection = Open();
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM records WHERE gateway_id = @gateway AND kind = 'machine-summary';";
        AddParameter(command, "@gateway", gatewayId);
        try
        {
            return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
        }
        catch (DbException exception) when (IsMissingTable(exception))
        {
            // The cloud creates its schema as it starts: nothing stored yet.
            return 0;
        }
    }

    /// <summary>Whether the ledger holds any record of <paramref name="gatewayId"/> (a primary-key probe).</summary>
    public Task<bool> AnyAsync(string gatewayId, CancellationToken cancellationToken) =>
        ExistsAsync("SELECT EXISTS (SELECT 1 FROM records WHERE gateway_id = @gateway);", gatewayId, null, cancellationToken);

    /// <summary>Whether the ledger holds (<paramref name="gatewayId"/>, <paramref name="sequence"/>) (a primary-key look-up).</summary>
    public Task<bool> ContainsAsync(string gatewayId, long sequence, CancellationToken cancellationToken) =>
        ExistsAsync("SELECT EXISTS (SELECT 1 FROM records WHERE gateway_id = @gateway AND sequence = @sequence);", gatewayId, sequence, cancellationToken);

    private async Task<bool> ExistsAsync(string sql, string gatewayId, long? sequence, CancellationToken cancellationToken)
    {
        await using var connection = Open();
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        AddParameter(command, "@gateway", gatewayId);
        if (sequence is { } value)
        {
            AddParameter(command, "@sequence", value);
        }

        try
        {
            return Convert.ToBoolean(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
        }
        catch (DbException exception) when (IsMissingTable(exception))
        {
            return false;
        }
    }

    private static bool IsMissingTable(DbException exception) => exception switch
    {
        PostgresException postgres => postgres.SqlState == PostgresErrorCodes.UndefinedTable,
        SqliteException sqlite => sqlite.Message.Contains("no such table", StringComparison.Ordinal),
        _ => false,
    };

    /// <summary>
    /// Exactly the expected records, each once: the ledger and the summaries table both hold every sequence in
    /// <paramref name="sequences"/> and nothing else (a duplicate summary row would show as more rows than distinct sequences).
    /// </summary>
    public async Task<string?> VerifyAsync(string gatewayId, (long First, long Last, long Count) sequences, CancellationToken cancellationToken)
    {
        await using var connection = Open();
        await connection.OpenAsync(cancellationToken);
        var problems = new List<string>();
        foreach (var (table, filter) in new[] { ("records", " AND kind = 'machine-summary'"), ("machine_summaries", "") })
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT COUNT(*), COUNT(DISTINCT sequence), MIN(sequence), MAX(sequence) FROM {table} WHERE gateway_id = @gateway{filter};";
            AddParameter(command, "@gateway", gatewayId);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            var rows = reader.GetInt64(0);
            var distinct = reader.GetInt64(1);
            var first = reader.IsDBNull(2) ? 0 : reader.GetInt64(2);
            var last = reader.IsDBNull(3) ? 0 : reader.GetInt64(3);
            if (rows != sequences.Count || distinct != sequences.Count || first != sequences.First || last != sequences.Last)
            {
                problems.Add(string.Create(CultureInfo.InvariantCulture,
                    $"{table}: {rows:N0} rows, {distinct:N0} distinct sequences {first}..{last}, expected {sequences.Count:N0} ({sequences.First}..{sequences.Last})"));
            }
        }

        return problems.Count == 0 ? null : string.Join("; ", problems);
    }

    private DbConnection Open() => _options.Store == DrainStore.Postgres
        ? new NpgsqlConnection(_connectionString)
        : new SqliteConnection(_connectionString);

    private static void AddParameter(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    public async ValueTask DisposeAsync()
    {
        if (Process is not null)
        {
            await Process.DisposeAsync();
            Process = null;
        }

        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
            _postgres = null;
        }

        NpgsqlConnection.ClearAllPools();
    }
}
