using System.Collections.Concurrent;
using System.Diagnostics;

namespace Edge.Durability.Tests.Kit;

/// <summary>A <c>dotnet</c> child process whose output is kept (the last lines, for failure messages) and which dies by SIGKILL.</summary>
internal sealed class ChildProcess : IDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _tail = new();

    public ChildProcess(string dll, IEnumerable<string> arguments, IDictionary<string, string>? environment = null, Action<string>? onLine = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        _process = new Process { StartInfo = start };
        DataReceivedEventHandler keep = (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            onLine?.Invoke(e.Data);
            _tail.Enqueue(e.Data);
            while (_tail.Count > 40 && _tail.TryDequeue(out string? _))
            {
            }
        };
        _process.OutputDataReceived += keep;
        _process.ErrorDataReceived += keep;
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public bool HasExited => _process.HasExited;

    public int Id => _process.Id;

    public string Tail => string.Join(Environment.NewLine, _tail);

    /// <summary>SIGKILL: no shutdown code runs, the OS keeps what was written (unlike a power cut).</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        // Bounded, so an exit the runtime fails to observe cannot hang the test run.
        _process.WaitForExit(TimeSpan.FromSeconds(10));
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }
}
