using System.Diagnostics;

namespace Edge.LoadHarness;

/// <summary>A server the harness started; its output goes to a log file in the run's folder, never to the table.</summary>
internal sealed class ChildProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;

    private ChildProcess(string role, Process process, StreamWriter log, string logPath)
    {
        Role = role;
        _process = process;
        _log = log;
        LogPath = logPath;
    }

    public string Role { get; }

    public int Pid => _process.Id;

    public string LogPath { get; }

    public bool HasExited => _process.HasExited;

    public static ChildProcess Start(string role, string fileName, IEnumerable<string> arguments, string logPath, IReadOnlyDictionary<string, string>? environment = null)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            startInfo.Environment[key] = value;
        }

        var log = new StreamWriter(logPath) { AutoFlush = true };
        var process = new Process { StartInfo = startInfo };
        process.OutputDataReceived += (_, e) => Write(log, e.Data);
        process.ErrorDataReceived += (_, e) => Write(log, e.Data);
        if (!process.Start())
        {
            log.Dispose();
            process.Dispose();
            throw new InvalidOperationException($"Could not start {fileName}.");
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new ChildProcess(role, process, log, logPath);
    }

    public long CpuTicks => ProcStats.CpuTicks(Pid);

    public long SystemCpuTicks => ProcStats.SystemCpuTicks(Pid);

    public long ContextSwitches => ProcStats.ContextSwitches(Pid);

    public long PeakRssBytes => ProcStats.StatusBytes(Pid, "VmHWM");

    public long RssBytes => ProcStats.StatusBytes(Pid, "VmRSS");

    /// <summary>SIGTERM (a clean shutdown: the gateway commits its open window), then SIGKILL after the grace period.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        if (_process.HasExited)
        {
            return;
        }

        using (var kill = Process.Start("kill", ["-TERM", Pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using var timeout = new CancellationTokenSource(grace);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    public string Tail(int lines)
    {
        try
        {
            using var stream = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            var all = reader.ReadToEnd().Split('\n');
            return string.Join('\n', all.TakeLast(lines));
        }
        catch (IOException)
        {
            return "";
        }
    }

    private static void Write(StreamWriter log, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (log)
        {
            log.WriteLine(line);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(TimeSpan.FromSeconds(10));
        _process.Dispose();
        lock (_log)
        {
            _log.Dispose();
        }
    }
}
