using System.Globalization;

namespace Edge.LoadHarness;

/// <summary>Prints the side-by-side table (Markdown, so it pastes into docs/BENCHMARKS.md as is).</summary>
internal static class ResultTable
{
    public static void Write(IReadOnlyList<TargetResult> results, TextWriter output)
    {
        if (results.Count == 0)
        {
            output.WriteLine("No target completed.");
            return;
        }

        var edge = results.FirstOrDefault(result => result.Name.StartsWith("Edge", StringComparison.Ordinal));
        List<(string Label, Func<TargetResult, string> Cell)> rows =
        [
            ("messages/s", r => F($"{r.MessagesPerSecond:N0}")),
            ("readings/s", r => F($"{r.MessagesPerSecond * r.ReadingsPerMessage:N0}")),
            ("Edge / this (msg/s)", r => edge is null ? "-" : F($"{edge.MessagesPerSecond / r.MessagesPerSecond:N2}x")),
            ("run time, s (of which publishing)", r => F($"{r.Elapsed.TotalSeconds:N2} ({r.PublishElapsed.TotalSeconds:N2})")),
            ("CPU us/msg, processing processes", r => F($"{r.MicrosecondsPerMessage(r.ProcessingCpuSeconds):N1}")),
            ("  per process (of which kernel)", r => string.Join("; ", r.Processes.Select(p => F($"{p.Role} {r.MicrosecondsPerMessage(p.CpuSeconds):N1} ({r.MicrosecondsPerMessage(p.SystemCpuSeconds):N1})")))),
            ("  context switches per 100 msg", r => string.Join("; ", r.Processes.Select(p => F($"{p.Role} {p.ContextSwitches * 100.0 / r.Messages:N1}")))),
            ("CPU us/msg, load generator", r => F($"{r.MicrosecondsPerMessage(r.LoadGeneratorCpuSeconds):N1}")),
            ("CPU us/msg, harness subscriber", r => r.SubscriberCpuSeconds > 0 ? F($"{r.MicrosecondsPerMessage(r.SubscriberCpuSeconds):N1}") : "-"),
            ("publish -> PUBACK p50 / p99, ms", r => Percentiles(r.PubAckLatencies)),
            ("publish -> subscriber p50 / p99, ms", r => r.DeliveryLatencies.Length == 0 ? "n/a" : Percentiles(r.DeliveryLatencies)),
            ("peak RSS, MB", r => string.Join("; ", r.Processes.Select(p => F($"{p.Role} {p.PeakRssBytes / 1048576.0:N0}")))),
            ("idle RSS, MB (of which anonymous)", r => r.IdleRssBytes is { } idle ? F($"{idle / 1048576.0:N0} ({(r.IdleRssAnonymousBytes ?? 0) / 1048576.0:N0})") : "-"),
            ("start to ready, s", r => r.TimeToReady is { } ready ? F($"{ready.TotalSeconds:N2}") : "-"),
        ];

        output.WriteLine("| | " + string.Join(" | ", results.Select(r => r.Name)) + " |");
        output.WriteLine("|---|" + string.Concat(results.Select(_ => "---:|")));
        foreach (var (label, cell) in rows)
        {
            output.WriteLine($"| {label} | " + string.Join(" | ", results.Select(cell)) + " |");
        }
    }

    private static string Percentiles(int[] sorted) =>
        sorted.Length == 0 ? "-" : F($"{At(sorted, 0.50) / 1000.0:N2} / {At(sorted, 0.99) / 1000.0:N2}");

    private static int At(int[] sorted, double quantile) => sorted[Math.Min(sorted.Length - 1, (int)(quantile * sorted.Length))];

    private static string F(FormattableString value) => value.ToString(CultureInfo.InvariantCulture);
}
