using Edge.Contracts;

namespace Edge.Ingest.Telemetry;

/// <summary>
/// Told of every machine window as it closes (after its summary is committed to the outbox): model scoring,
/// anomaly detection and the local status page hang off this. Called on the window service's thread; keep it short.
/// </summary>
public interface IWindowObserver
{
    ValueTask OnWindowClosedAsync(MachineSummary summary, CancellationToken cancellationToken);
}
