using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Edge.Durability.Tests.Kit;
using Edge.StoreForward.Outbox;
using Edge.TestKit;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit.Abstractions;

namespace Edge.Durability.Tests.PowerLoss;

/// <summary>
/// kill -9 lets the OS flush; a power cut does not. An LD_PRELOAD shim (fsync_shadow.c) copies each outbox file at
/// every fsync, so after the kill the copies hold exactly what storage would hold after losing power then. With
/// <c>synchronous=FULL</c> every commit the child reported must be in the copies; with fsync off (the negative control)
/// records must go missing, which shows the test can see a loss.
/// </summary>
public sealed class PowerLossTests(ITestOutputHelper output)
{
    private const int Rounds = 4;

    [NeedsFact("gcc")]
    [Trait("Needs", "gcc")]
    public async Task PowerCut_SynchronousFull_EveryReportedCommitSurvives()
    {
        var shim = CompileShim();
        var random = new Random(11);
        for (var round = 0; round < Rounds; round++)
        {
            var (reported, survived) = await CutPowerAsync(shim, "full", random.Next(50, 400));
            output.WriteLine($"FULL round {round}: {reported.Count} reported committed, {survived.Count} in the post-power-cut copy");
            Assert.NotEmpty(reported);
            Assert.Empty(reported.Except(survived));
        }
    }

    [NeedsFact("gcc")]
    [Trait("Needs", "gcc")]
    public async Task PowerCut_FsyncOff_LosesReportedCommits()
    {
        var shim = CompileShim();
        var (reported, survived) = await CutPowerAsync(shim, "off", 200);
        output.WriteLine($"OFF: {reported.Count} reported committed, {survived.Count} in the post-power-cut copy");
        Assert.NotEmpty(reported.Except(survived));
    }

    private static async Task<(HashSet<long> Reported, HashSet<long> Survived)> CutPowerAsync(string shim, string mode, int killAfter)
    {
        var root = Paths.NewTempDirectory("power-" + mode);
        var live = Path.Combine(root, "live");
        var shadow = Path.Combine(root, "shadow");
        Directory.CreateDirectory(live);
        Directory.CreateDirectory(shadow);
        var reported = new ConcurrentDictionary<long, bool>();
        var environment = new Dictionary<string, string>
        {
            ["LD_PRELOAD"] = shim,
            ["SHADOW_WATCH_DIR"] = live,
            ["SHADOW_DIR"] = shadow,
        };
        using (var child = new ChildProcess(Paths.ChildDll, [Path.Combine(live, "outbox.db"), mode], environment, line =>
        {
            if (line.StartsWith("committed ", StringComparison.Ordinal))
            {
                reported[long.Parse(line.AsSpan("committed ".Length), CultureInfo.InvariantCulture)] = true;
            }
        }))
        {
            await Eventually.WaitAsync(() => reported.Count >= killAfter || child.HasExited, TimeSpan.FromSeconds(90), "commits from the child");
            Assert.False(child.HasExited, child.Tail);
            child.Kill();
        }

        // After the power comes back: the gateway opens whatever the storage kept.
        var restored = Path.Combine(root, "restored");
        Directory.CreateDirectory(restored);
        foreach (var file in Directory.GetFiles(shadow).Where(f => !Path.GetFileName(f).StartsWith('.')))
        {
            File.Copy(file, Path.Combine(restored, Path.GetFileName(file)));
        }

        var survived = new HashSet<long>();
        using (var outbox = new SqliteOutbox(Path.Combine(restored, "outbox.db"), new OutboxOptions(), TimeProvider.System, NullLogger.Instance))
        {
            foreach (var record in outbox.Leases.Peek(1_000_000))
            {
                survived.Add(record.Sequence);
            }
        }

        SqliteConnection.ClearAllPools();
        return ([.. reported.Keys], survived);
    }

    private static string CompileShim()
    {
        var output = Path.Combine(Paths.NewTempDirectory("shim"), "fsync_shadow.so");
        var source = Path.Combine(AppContext.BaseDirectory, "PowerLoss", "fsync_shadow.c");
        using var gcc = Process.Start(new ProcessStartInfo("gcc", ["-shared", "-fPIC", "-O2", "-o", output, source, "-ldl"]) { RedirectStandardError = true })!;
        var errors = gcc.StandardError.ReadToEnd();
        Assert.True(gcc.WaitForExit(TimeSpan.FromSeconds(120)), "gcc did not exit");
        Assert.True(gcc.ExitCode == 0, "gcc failed: " + errors);
        return output;
    }
}
