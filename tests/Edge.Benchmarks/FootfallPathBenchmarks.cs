using BenchmarkDotNet.Attributes;
using Edge.Tools.Beacons;

namespace Edge.Benchmarks;

/// <summary>
/// The whole in-process footfall path per sighting, composed as the gateway composes it (<see cref="BeaconBenchRig"/>):
/// an OpenMQTTGateway or ESPresense publish as the broker hands it over, JSON, collection policy, HMAC pseudonym,
/// store-beacon check, filters, de-duplication, queue, zone assignment, footfall accumulator. 2,000 phones, each heard
/// by two scanners; simulated time advances a second after every pass over them, so no sighting is a duplicate.
/// </summary>
[MemoryDiagnoser]
public class FootfallPathBenchmarks : IDisposable
{
    private const int Devices = 2000;

    private BeaconBenchRig _rig = null!;
    private (string Topic, byte[] Payload)[] _messages = [];
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        _rig = new BeaconBenchRig(Devices);
        _messages = BeaconBenchRig.Messages(0, Devices);
    }

    /// <summary>One sighting: ingest, then zone assignment of what it queued (a sweep once per simulated second).</summary>
    [Benchmark]
    public int Sighting()
    {
        var (topic, payload) = _messages[_next];
        _rig.Ingest.TryHandle(topic, payload);
        var processed = _rig.Pipeline.ProcessPending();
        if (++_next == _messages.Length)
        {
            _next = 0;
            _rig.Clock.Advance(TimeSpan.FromSeconds(1));
            _rig.Tracker.Sweep(_rig.Clock.GetUtcNow());
        }

        return processed;
    }

    [GlobalCleanup]
    public void Dispose()
    {
        _rig?.Dispose();
        GC.SuppressFinalize(this);
    }
}
