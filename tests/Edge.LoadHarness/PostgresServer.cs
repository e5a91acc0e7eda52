using System.Diagnostics;
using System.Globalization;
using Npgsql;

namespace Edge.LoadHarness;

/// <summary>
/// A private PostgreSQL 15 cluster for one run: <c>initdb</c> and <c>pg_ctl</c> in the run's folder, on a free loopback
/// port, owned by the <c>postgres</c> user when the harness runs as root (initdb refuses root). The same approach as the
/// cloud tests' cluster, but with <c>fsync</c> on by default: a benchmark of durable ingest must pay for durability.
/// </summary>
internal sealed class PostgresServer : IAsyncDisposable
{
    public const string Bin = "/usr/lib/postgresql/15/bin";

    private readonly string _folder;

    private PostgresServer(string folder, int port, int serverPid)
    {
        _folder = folder;
        Port = port;
        ServerPid = serverPid;
    }

    public int Port { get; }

    /// <summary>The postmaster; its backends are its children (see <see cref="CpuTicks"/>).</summary>
    public int ServerPid { get; }

    public static bool Installed => File.Exists(Path.Combine(Bin, "initdb"));

    private static bool IsRoot => Environment.UserName == "root";

    public static async Task<PostgresServer> StartAsync(bool fsync, CancellationToken cancellationToken)
    {
        if (!Installed)
        {
            throw new FileNotFoundException($"PostgreSQL 15 is not installed in {Bin}: run .ci/needs-cloud.sh.", Path.Combine(Bin, "initdb"));
        }

        // Not inside the run's folder: temp subdirectories are private to this user, and the cluster runs as postgres.
        var folder = Path.Combine(Path.GetTempPath(), $"edge-drain-pg-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        var port = Loopback.FreePort();
        var data = Path.Combine(folder, "data");
        var settings = $"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync={(fsync ? "on" : "off")}";
        var script = $"{Bin}/initdb -D {data} -U postgres --auth=trust -E UTF8 > {folder}/initdb.log 2>&1 && " +
            $"{Bin}/pg_ctl -D {data} -o \"{settings}\" -l {folder}/pg.log -w start > /dev/null";
        await RunAsPostgresAsync(folder, script, cancellationToken);
        var pid = int.Parse((await File.ReadAllLinesAsync(Path.Combine(data, "postmaster.pid"), cancellationToken))[0], CultureInfo.InvariantCulture);
        return new PostgresServer(folder, port, pid);
    }

    public string ConnectionString(string database) =>
        new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Port = Port, Username = "postgres", Database = database }.ToString();

    public async Task<string> CreateDatabaseAsync(string name, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"CREATE DATABASE {name};", connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
        return ConnectionString(name);
    }

    /// <summary>CPU of the postmaster and every backend, WAL writer and checkpointer it started.</summary>
    public long CpuTicks() => ProcStats.CpuTicks(ServerPid) + ChildrenCpuTicks();

    /// <summary>Largest peak RSS among the cluster's processes (each backend maps the shared buffers).</summary>
    public long PeakRssBytes()
    {
        var peak = ProcStats.StatusBytes(ServerPid, "VmHWM");
        foreach (var child in Children())
        {
            peak = Math.Max(peak, ProcStats.StatusBytes(child, "VmHWM"));
        }

        return peak;
    }

    private long ChildrenCpuTicks()
    {
        long total = 0;
        foreach (var child in Children())
        {
            total += ProcStats.CpuTicks(child);
        }

        return total;
    }

    private List<int> Children()
    {
        var children = new List<int>();
        try
        {
            foreach (var task in Directory.EnumerateDirectories($"/proc/{ServerPid}/task"))
            {
                var file = Path.Combine(task, "children");
                if (!File.Exists(file))
                {
                    continue;
                }

                foreach (var pid in File.ReadAllText(file).Split(' ', StringSplitOptions.RemoveEmptyEntries))
                {
                    children.Add(int.Parse(pid, CultureInfo.InvariantCulture));
                }
            }
        }
        catch (IOException)
        {
        }

        return children;
    }

    private static async Task RunAsPostgresAsync(string folder, string script, CancellationToken cancellationToken)
    {
        ProcessStartInfo start;
        if (IsRoot)
        {
            using (var chown = Process.Start("chown", ["-R", "postgres", folder]))
            {
                await chown.WaitForExitAsync(cancellationToken);
            }

            start = new ProcessStartInfo("su", ["postgres", "-c", script]);
        }
        else
        {
            start = new ProcessStartInfo("bash", ["-c", script]);
        }

        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start PostgreSQL.");
        var output = await process.StandardError.ReadToEndAsync(cancellationToken) + await process.StandardOutput.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"PostgreSQL did not start ({process.ExitCode}): {output} (see {folder}/initdb.log and pg.log)");
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await RunAsPostgresAsync(_folder, $"{Bin}/pg_ctl -D {Path.Combine(_folder, "data")} -m immediate stop > /dev/null", CancellationToken.None);
        }
        catch (InvalidOperationException)
        {
            // Already stopped.
        }

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
