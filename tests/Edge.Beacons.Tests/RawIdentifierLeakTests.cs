using System.Text;
using System.Text.Json;
using Edge.Beacons;
using Edge.Privacy;
using Edge.Simulator.Store;
using Edge.TestKit;
using Microsoft.Extensions.Logging;

namespace Edge.Beacons.Tests;

/// <summary>
/// Proves the seam: canary MACs, a phone's iBeacon UUID and manufacturer payloads go in through both scanner formats
/// (and a simulated store's worth of rotating phones); none of them can be found in the logs, in the ZoneVisits handed
/// to the footfall sink, or in what <c>GET /api/beacons</c> serves, in any spelling.
/// </summary>
public sealed class RawIdentifierLeakTests
{
    private const string CanaryMac = "5E:A1:C0:FF:EE:42";
    private const string CanaryUuid = "c4a9a7e0-1b5d-4f2e-9d3c-0a1b2c3d4e5f";
    private const string CanaryPayload = "4c0010051d9a8b7c6d5e";

    [Fact]
    public void Replay_CanariesAndSimulatedStore_NoRawIdentifierLeavesTheSeam()
    {
        using var logs = new CapturingLoggerProvider();
        using var loggers = LoggerFactory.Create(builder => builder.SetMinimumLevel(LogLevel.Trace).AddProvider(logs));
        var simulation = new StoreSimulation(new StoreSimulatorOptions { Seed = 3, OpeningDuration = TimeSpan.FromMinutes(20), ShoppersPerHour = 40 });
        var options = BeaconRig.StoreOptions(simulation.Plan);
        using var rig = new BeaconRig(options, loggers, new StoreSimulatorOptions().Start);

        var phoneAddresses = new HashSet<string>(StringComparer.Ordinal);
        var messages = simulation.Run().ToList();
        foreach (var message in messages)
        {
            if (message.Topic.StartsWith("home/", StringComparison.Ordinal) && message.Topic.Contains("/BTtoMQTT/", StringComparison.Ordinal) &&
                !message.Topic.EndsWith("C01122334401", StringComparison.Ordinal))
            {
                phoneAddresses.Add(message.Topic[(message.Topic.LastIndexOf('/') + 1)..]);
            }
        }

        rig.Replay(messages.Take(messages.Count / 2));
        for (var i = 0; i < 10; i++)
        {
            Publish(rig, Messages.OpenMqttGateway("omg-entrance", CanaryMac, -55, $"\"manufacturerdata\":\"{CanaryPayload}\""));
            Publish(rig, Messages.OpenMqttGateway("omg-entrance", CanaryMac, -55,
                $"\"manufacturerdata\":\"4c000215{CanaryUuid.Replace("-", "", StringComparison.Ordinal)}00070009c5\""));
            Publish(rig, Messages.Espresense("produce", $"iBeacon:{CanaryUuid}-7-9", CanaryMac.Replace(":", "", StringComparison.Ordinal).ToLowerInvariant(), -60));
            Publish(rig, Messages.OpenMqttGateway("omg-unknown-scanner", CanaryMac, -55));
            Publish(rig, (Messages.OpenMqttGateway("omg-entrance", CanaryMac, -55).Topic, Encoding.UTF8.GetBytes("{\"id\":\"" + CanaryMac + "\"")));
            rig.AdvanceTo(rig.Time.GetUtcNow().AddSeconds(2));
        }

        rig.Replay(messages.Skip(messages.Count / 2));
        rig.Drain();

        var visits = rig.Sink.Visits;
        Assert.NotEmpty(visits);
        var leaving = new StringBuilder();
        foreach (var line in logs.Lines)
        {
            leaving.AppendLine(line);
        }

        foreach (var visit in visits)
        {
            leaving.AppendLine(visit.ToString());
            leaving.AppendLine(visit.Device.ToString());
        }

        leaving.AppendLine(JsonSerializer.Serialize(rig.Status.Build(), BeaconsJsonContext.Default.BeaconsStatus));
        var text = leaving.ToString();
        Assert.Contains("omg-unknown-scanner", text, StringComparison.Ordinal);

        var canaries = new List<string> { CanaryUuid, CanaryPayload };
        canaries.AddRange(Spellings(CanaryMac.Replace(":", "", StringComparison.Ordinal)));
        canaries.AddRange(Spellings(CanaryUuid.Replace("-", "", StringComparison.Ordinal)));
        foreach (var address in phoneAddresses)
        {
            canaries.AddRange(Spellings(address));
        }

        Assert.True(phoneAddresses.Count > 10, $"only {phoneAddresses.Count} simulated addresses");
        foreach (var canary in canaries)
        {
            Assert.DoesNotContain(canary, text, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public void Pseudonym_PublicSurface_ExposesNoIdentifierBytes()
    {
        var properties = typeof(Pseudonym).GetProperties().Select(p => p.Name).Order().ToList();

        Assert.Equal(["Epoch"], properties);
        Assert.Empty(typeof(Pseudonym).GetFields());
        Assert.DoesNotContain(typeof(ZoneVisit).GetProperties(), p => p.PropertyType == typeof(byte[]) || p.PropertyType == typeof(ReadOnlyMemory<byte>));
    }

    private static void Publish(BeaconRig rig, (string Topic, byte[] Payload) message) => rig.Ingest.TryHandle(message.Topic, message.Payload);

    /// <summary>Plain hex, colon-separated, byte-reversed and base64 spellings of a hex identifier.</summary>
    private static IEnumerable<string> Spellings(string hex)
    {
        var bytes = Convert.FromHexString(hex);
        yield return hex;
        yield return string.Join(':', bytes.Select(b => b.ToString("X2", null)));
        yield return Convert.ToHexString([.. bytes.Reverse()]);
        yield return string.Join(':', bytes.Reverse().Select(b => b.ToString("X2", null)));
        yield return Convert.ToBase64String(bytes);
    }
}
