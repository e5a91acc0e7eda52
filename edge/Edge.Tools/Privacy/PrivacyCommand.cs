using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Edge.Gateway.Hosting;
using Edge.Privacy;

namespace Edge.Tools.Privacy;

/// <summary>
/// <c>privacy report [--json]</c>: prints the transparency report from the configuration (appsettings.json,
/// <c>EDGE_</c> variables, extra arguments) and the ledger in the data folder. Works whether or not the gateway runs.
/// </summary>
internal static class PrivacyCommand
{
    public static Command Create()
    {
        var json = new Option<bool>("--json") { Description = "Print the report as JSON (the same document as GET /api/privacy)." };
        var report = new Command("report", "What leaves this gateway, field by field, and the privacy parameters and counters that bound it.")
        {
            json,
        };
        report.TreatUnmatchedTokensAsErrors = false;
        report.SetAction(parseResult =>
        {
            using var app = GatewayHost.Build([.. parseResult.UnmatchedTokens]);
            var built = app.Services.GetRequiredService<PrivacyTransparency>().Build();
            parseResult.InvocationConfiguration.Output.Write(parseResult.GetValue(json) ? JsonSerializer.Serialize(built, PrivacyJsonContext.Default.PrivacyReport) + Environment.NewLine : Render(built));
            return 0;
        });
        return new Command("privacy", "Privacy of footfall: transparency report.") { report };
    }

    internal static string Render(PrivacyReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var text = new System.Text.StringBuilder();
        var c = CultureInfo.InvariantCulture;
        text.AppendLine(c, $"Privacy report for store {report.StoreId}, day {report.Day:yyyy-MM-dd} (generated {report.GeneratedAt:u})");
        text.AppendLine(c, $"  unit of privacy       {report.UnitOfPrivacy}");
        text.AppendLine(c, $"  collection            {(report.CollectionEnabled ? "on" : "OFF (no-collection switch)")}, {report.OpeningTime:HH\\:mm}-{report.ClosingTime:HH\\:mm} {report.TimeZone}");
        text.AppendLine(c, $"  epsilon per day       {report.EpsilonPerDay} in {report.ReleasesPerDay} release(s) of {report.EpsilonPerRelease}");
        text.AppendLine(c, $"  epsilon spent today   {report.EpsilonSpentToday} (releases refused: {report.ReleasesRefusedToday})");
        text.AppendLine(c, $"  K (cells per device)  {report.MaxCellsPerDevicePerDay} per day, at most 1 per (zone, window)");
        text.AppendLine(c, $"  k (suppress below)    {(report.SuppressBelow == 0 ? "off" : report.SuppressBelow.ToString(c))}");
        text.AppendLine(c, $"  window / max dwell    {report.Window} / {report.MaxDwell}");
        text.AppendLine(c, $"  noise (95%)           visitors +-{report.CountNoise95}, dwell sum +-{report.DwellSecondsNoise95} s");
        text.AppendLine(c, $"  key rotation          daily at {report.KeyRotationLocalTime:HH\\:mm} local and at restart; next {report.NextKeyRotation:u}");
        text.AppendLine(c, $"  opt-out UUIDs / deny  {report.OptOutBeaconUuidCount} / {report.DenyListCount} configured");
        text.AppendLine("Counters today:");
        foreach (var (name, value) in report.Counters)
        {
            text.AppendLine(c, $"  {name,-28}{value}");
        }

        text.AppendLine("Retention:");
        foreach (var rule in report.Retention)
        {
            text.AppendLine(c, $"  {rule.What}: {rule.Where}; {rule.HowLong}");
        }

        text.AppendLine("Releases today:");
        foreach (var release in report.ReleasesToday)
        {
            text.AppendLine(c, $"  #{release.ReleaseIndex} epsilon {release.Epsilon}, {release.Cells} cells, released {release.ReleasedAt:u}, {(release.InOutbox ? "in outbox" : "not yet in outbox")}");
        }

        text.AppendLine("Outbound topics:");
        foreach (var topic in report.OutboundTopics)
        {
            text.AppendLine(c, $"  {topic.Topic}");
            foreach (var field in topic.Fields)
            {
                text.AppendLine(c, $"    {field.Path,-40}{field.Type}");
            }
        }

        return text.ToString();
    }
}
