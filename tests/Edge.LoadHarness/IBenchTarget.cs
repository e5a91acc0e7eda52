using System.Net;

namespace Edge.LoadHarness;

/// <summary>A system under test: where the machines publish, which processes do the work, and how far its final consumer got.</summary>
internal interface IBenchTarget : IAsyncDisposable
{
    string Name { get; }

    /// <summary>Broker the simulated machines publish to.</summary>
    IPEndPoint PublishEndpoint { get; }

    /// <summary>Processes whose CPU and memory are charged to this target.</summary>
    IReadOnlyList<ChildProcess> Processes { get; }

    /// <summary>Harness-side consumer (a counting subscriber), charged separately from the load generator; null when none.</summary>
    CountingSubscriber? Subscriber { get; }

    Task StartAsync(RunOptions options, CancellationToken cancellationToken);

    /// <summary>Messages the final consumer has processed so far (warm-up included).</summary>
    ValueTask<long> ConsumedAsync(CancellationToken cancellationToken);

    /// <summary>Publish-to-consumer latencies of the measured run, in microseconds, where the target exposes them.</summary>
    IReadOnlyList<int> DeliveryLatencies { get; }

    void BeginMeasuring();

    /// <summary>What a machine logs in with; null for brokers that accept anonymous clients.</summary>
    MqttCredentials? CredentialsFor(string machineId);

    /// <summary>Checks after the run, such as whether every reading reached a window; null when there is nothing to add.</summary>
    Task<string?> VerifyAsync(long expectedMessages, CancellationToken cancellationToken);
}
