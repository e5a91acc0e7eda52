using System.Globalization;
using System.Text.Json;
using Edge.Contracts;
using Edge.Privacy;
using Xunit.Abstractions;

namespace Edge.Privacy.Tests;

/// <summary>
/// Measures the error the default privacy parameters cause on a simulated store day (five zones, 09:00-21:00,
/// about 950 shoppers), through the product path: accumulator (bounding), releaser (CSPRNG noise), ledger, outbox.
/// Prints the figures; asserts only that the noise error matches the discrete Laplace theory.
/// </summary>
public sealed class FootfallErrorMeasurementTests(ITestOutputHelper output)
{
    private static readonly string[] s_zones = ["entrance", "produce", "bakery", "dairy", "checkout"];

    [Fact]
    public void SimulatedDays_DefaultParameters_ErrorMatchesTheory()
    {
        const int days = 6;
        var defaults = new PrivacyOptions();
        output.WriteLine($"defaults: epsilon/day {defaults.EpsilonPerDay}, releases/day {defaults.ReleasesPerDay}, K {defaults.MaxCellsPerDevicePerDay}, window {defaults.Window}, max dwell {defaults.MaxDwell}");
        output.WriteLine("epsilon | mean true visitors/cell | MAE visitors vs truth | MAE vs bounded truth (noise only) | theory | bounding bias | MAE mean dwell (cells >= 20 visitors)");
        double defaultNoiseMae = 0, theory = 0;
        foreach (var epsilon in new[] { 1.0, 2.0, 4.0 })
        {
            var figures = Measure(epsilon, days);
            var a = Math.Exp(-(epsilon / 2) / defaults.MaxCellsPerDevicePerDay);
            var expected = 2 * a / (1 - (a * a));
            output.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"{epsilon,7} | {figures.MeanTrue,22:0.0} | {figures.MaeVsTruth,21:0.00} | {figures.MaeVsBounded,33:0.00} | {expected,6:0.00} | {figures.BoundingBias,13:0.00} | {figures.MaeMeanDwellSeconds,6:0} s"));
            if (epsilon == defaults.EpsilonPerDay)
            {
                defaultNoiseMae = figures.MaeVsBounded;
                theory = expected;
            }
        }

        output.WriteLine($"K trade-off at epsilon/day {defaults.EpsilonPerDay}: K | MAE visitors vs truth | noise only | bounding bias");
        foreach (var k in new[] { 4, 5, 6, 8 })
        {
            var figures = Measure(defaults.EpsilonPerDay, days / 2, k);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{k} | {figures.MaeVsTruth:0.00} | {figures.MaeVsBounded:0.00} | {figures.BoundingBias:0.00}"));
        }

        Assert.InRange(defaultNoiseMae, theory * 0.75, theory * 1.25);
    }

    private static Figures Measure(double epsilon, int days, int? maxCells = null)
    {
        double absTruth = 0, absBounded = 0, truthSum = 0, bias = 0, absDwell = 0;
        long cells = 0, dwellCells = 0;
        for (var day = 0; day < days; day++)
        {
            var options = new PrivacyOptions { StoreId = "store-sim", Zones = [.. s_zones], EpsilonPerDay = epsilon };
            options.MaxCellsPerDevicePerDay = maxCells ?? options.MaxCellsPerDevicePerDay;
            using var kit = new FootfallTestKit(options);
            var (events, truth) = SimulateDay(new Random(1000 + day));
            var bounded = new Dictionary<(string, int), ZoneTally>();
            foreach (var tally in kit.Replay(events, FootfallTestKit.At(21, 1)))
            {
                foreach (var zone in tally.Zones)
                {
                    bounded[(zone.ZoneId, tally.Window.Index)] = zone;
                }

                kit.Releaser.StoreWindow(tally);
            }

            kit.Releaser.ReleaseDue(FootfallTestKit.At(21, 1));
            var report = (FootfallReport)JsonSerializer.Deserialize(Assert.Single(kit.Outbox.Leases.Peek(10)).Payload.Span, ContractsJsonContext.Default.UplinkMessage)!;
            foreach (var cell in report.Cells)
            {
                var index = (int)(cell.WindowStart - FootfallTestKit.At(9, 0)).TotalHours;
                var exact = truth.GetValueOrDefault((cell.ZoneId, index));
                var clamped = bounded[(cell.ZoneId, index)];
                absTruth += Math.Abs(cell.Visitors!.Value - exact.Visitors);
                absBounded += Math.Abs(cell.Visitors.Value - clamped.Visitors);
                bias += exact.Visitors - clamped.Visitors;
                truthSum += exact.Visitors;
                cells++;
                if (exact.Visitors >= 20 && cell.MeanDwellSeconds is { } mean)
                {
                    absDwell += Math.Abs(mean - (exact.DwellSeconds / (double)exact.Visitors));
                    dwellCells++;
                }
            }
        }

        return new Figures(truthSum / cells, absTruth / cells, absBounded / cells, bias / cells, dwellCells == 0 ? double.NaN : absDwell / dwellCells);
    }

    /// <summary>
    /// Shoppers arrive by a Poisson process (30/h early and late, 110/h at the noon and evening peaks), walk from the
    /// entrance through one to three other zones to the checkout, and are reported every minute while in a zone.
    /// Ground truth: distinct shoppers present in each (zone, hour) and their unclamped dwell.
    /// </summary>
    private static (List<VisitEvent> Events, Dictionary<(string, int), (long Visitors, long DwellSeconds)> Truth) SimulateDay(Random random)
    {
        var events = new List<VisitEvent>();
        var truth = new Dictionary<(string, int), (long Visitors, long DwellSeconds)>();
        var open = FootfallTestKit.At(9, 0);
        var close = FootfallTestKit.At(21, 0);
        var t = open;
        var shopper = 0;
        while (true)
        {
            var hour = (t - open).TotalHours;
            var rate = 30 + (80 * Math.Exp(-Math.Pow(hour - 3.5, 2) / 2)) + (80 * Math.Exp(-Math.Pow(hour - 9, 2) / 2));
            t = t.AddHours(-Math.Log(1 - random.NextDouble()) / rate);
            if (t >= close.AddMinutes(-30))
            {
                break;
            }

            shopper++;
            var route = new List<(string Zone, double Minutes)> { ("entrance", 1 + (random.NextDouble() * 3)) };
            foreach (var zone in s_zones[1..4].OrderBy(_ => random.Next()).Take(random.Next(1, 4)))
            {
                route.Add((zone, -Math.Log(1 - random.NextDouble()) * 8));
            }

            route.Add(("checkout", 2 + (random.NextDouble() * 6)));
            var at = t;
            foreach (var (zone, minutes) in route)
            {
                var entered = at;
                var left = at.AddMinutes(Math.Max(0.5, minutes));
                for (var seen = entered; seen < left; seen = seen.AddMinutes(1))
                {
                    events.Add(new VisitEvent(seen, shopper, zone, entered, null));
                }

                events.Add(new VisitEvent(left, shopper, zone, entered, left));
                for (var window = (int)(entered - open).TotalHours; window <= (int)((left - open).TotalHours) && window < 12; window++)
                {
                    var start = open.AddHours(window);
                    var overlap = (left < start.AddHours(1) ? left : start.AddHours(1)) - (entered > start ? entered : start);
                    if (overlap > TimeSpan.Zero)
                    {
                        var current = truth.GetValueOrDefault((zone, window));
                        truth[(zone, window)] = (current.Visitors + 1, current.DwellSeconds + (long)overlap.TotalSeconds);
                    }
                }

                at = left;
            }
        }

        return (events, truth);
    }

    private readonly record struct Figures(double MeanTrue, double MaeVsTruth, double MaeVsBounded, double BoundingBias, double MaeMeanDwellSeconds);
}
