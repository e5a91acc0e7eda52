using Npgsql;

namespace Edge.Cloud.Tests.Infrastructure;

/// <summary>
/// A throwaway PostgreSQL 15 cluster for the whole test run (initdb + pg_ctl in a temp folder, on a free loopback port),
/// stopped and deleted when the test process exits. Each test gets its own database.
/// </summary>
internal sealed class PostgresCluster
{
    public const string Bin = "/usr/lib/postgresql/15/bin";

    /// <summary>What tests that need PostgreSQL name in <c>[NeedsFact]</c> (.ci/needs-cloud.sh installs it).</summary>
    public const string Initdb = Bin + "/initdb";

    private static readonly Lazy<Task<PostgresCluster>> s_shared = new(StartAsync);
    private static int s_databases;

    private readonly string _folder;
    private readonly int _port;

    private PostgresCluster(string folder, int port)
    {
        _folder = folder;
        _port = port;
    }

    public static Task<PostgresCluster> SharedAsync() => s_shared.Value;

    private static bool IsRoot => Environment.UserName == "root";

    private static async Task<PostgresCluster> StartAsync()
    {
        if (!File.Exists(Initdb))
        {
            throw new InvalidOperationException($"PostgreSQL 15 not found in {Bin}: run .ci/needs-cloud.sh.");
        }

        var folder = Path.Combine(Path.GetTempPath(), $"edge-pg-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        var port = Edge.TestKit.FreePort.Next();
        var data = Path.Combine(folder, "data");
        var initdb = $"{Bin}/initdb -D {data} -U postgres --auth=trust -E UTF8 --no-sync";
        var start = $"{Bin}/pg_ctl -D {data} -o \"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off\" -l {folder}/pg.log -w start";
        if (IsRoot)
        {
            // initdb refuses to run as root: the cluster belongs to the postgres user.
            await ProcessRunner.RunAsync("chown", ["postgres", folder]);
            await ProcessRunner.RunAsync("su", ["postgres", "-c", $"{initdb} > {folder}/initdb.log && {start}"]);
        }
        else
        {
            await ProcessRunner.RunAsync("bash", ["-c", $"{initdb} > {folder}/initdb.log && {start}"]);
        }

        var cluster = new PostgresCluster(folder, port);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => cluster.Stop();
        return cluster;
    }

    public string ConnectionString(string database) =>
        new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Port = _port, Username = "postgres", Database = database, Pooling = true, MaxPoolSize = 20 }.ToString();

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = $"edge_test_{Interlocked.Increment(ref s_databases)}_{Environment.ProcessId}";
        await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE {name};", connection);
        await command.ExecuteNonQueryAsync();
        return ConnectionString(name);
    }

    private void Stop()
    {
        var stop = $"{Bin}/pg_ctl -D {_folder}/data -m immediate stop";
        using var process = IsRoot
            ? System.Diagnostics.Process.Start("su", ["postgres", "-c", stop])
            : System.Diagnostics.Process.Start("bash", ["-c", stop]);
        process?.WaitForExit(10_000);
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: the folder is under the temp path.
        }
    }
}
