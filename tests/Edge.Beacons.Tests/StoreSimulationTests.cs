using Edge.Simulator.Store;
using Xunit.Abstractions;

namespace Edge.Beacons.Tests;

public sealed class StoreSimulationTests(ITestOutputHelper output)
{
    private (double VisitError, double DwellError, double StoreVisitorError) Run(int seed, bool continuity, TimeSpan rotation, string label)
    {
        var simulation = new StoreSimulation(new StoreSimulatorOptions { Seed = seed, AddressRotation = rotation });
        var options = BeaconRig.StoreOptions(simulation.Plan);
        options.ContinuityEnabled = continuity;
        using var rig = new BeaconRig(options, start: new StoreSimulatorOptions().Start);
        rig.Replay(simulation.Run());
        rig.Drain();
        var truth = simulation.Truth;
        var zones = rig.Tracker.Snapshot();

        output.WriteLine($"== {label}: shoppers {truth.Shoppers}, addresses used {truth.AddressesUsed}");
        output.WriteLine("zone        true-visits est-visits addresses linked  true-dwell-s est-dwell-s");
        double visitError = 0, dwellError = 0;
        foreach (var zone in zones)
        {
            var trueVisits = truth.Visits.GetValueOrDefault(zone.ZoneId);
            var trueDwell = truth.MeanDwellSeconds(zone.ZoneId);
            output.WriteLine($"{zone.ZoneId,-11} {trueVisits,11} {zone.VisitorsEstimate,10} {zone.DistinctAddresses,9} {zone.LinkedAddresses,6} {trueDwell,12:F0} {zone.MeanDwell.TotalSeconds,11:F0}");
            visitError += Math.Abs(zone.VisitorsEstimate - trueVisits) / (double)Math.Max(1, trueVisits);
            dwellError += Math.Abs(zone.MeanDwell.TotalSeconds - trueDwell) / Math.Max(1, trueDwell);
        }

        visitError /= zones.Count;
        dwellError /= zones.Count;
        var entrance = zones.Single(z => z.ZoneId == StoreFloorPlan.EntranceZoneId);
        var storeVisitorError = Math.Abs((entrance.VisitorsEstimate / 2.0) - truth.Shoppers) / truth.Shoppers;
        output.WriteLine($"mean absolute relative error per zone: visits {visitError:P1}, mean dwell {dwellError:P1}; unconfirmed addresses {rig.Tracker.Unconfirmed}");
        return (visitError, dwellError, storeVisitorError);
    }

    [Fact]
    public void Replay_TwoHourStore_ZoneVisitsAndDwellCloseToGroundTruth()
    {
        var stable = Run(seed: 11, continuity: true, rotation: TimeSpan.FromDays(1), label: "addresses rotate once a day");
        var naive = Run(seed: 11, continuity: false, rotation: TimeSpan.FromMinutes(15), label: "15 min rotation, no continuity");
        var linked = Run(seed: 11, continuity: true, rotation: TimeSpan.FromMinutes(15), label: "15 min rotation, continuity heuristic");

        Assert.True(stable.VisitError < 0.25, $"visit error without rotation {stable.VisitError:P1}");
        Assert.True(linked.VisitError < naive.VisitError, $"continuity {linked.VisitError:P1} vs none {naive.VisitError:P1}");
        Assert.True(linked.VisitError < 0.35, $"visit error {linked.VisitError:P1}");
        Assert.True(linked.DwellError < 0.35, $"dwell error {linked.DwellError:P1}");
    }
}
