using System.Threading.Channels;
using Edge.Cloud.Storage;
using Edge.Contracts;

namespace Edge.Cloud.Ingest;

/// <summary>
/// Takes publishes as they arrive, stores their records in batches (one transaction each), then releases the
/// publishers' PUBACKs. A failed batch is failed back to its publishers (no PUBACK), so the gateways resend it.
/// </summary>
internal sealed partial class IngestWorker : BackgroundService
{
    // Group commit: whatever arrived while the previous transaction committed goes into the next one. An fsync costs
    // milliseconds, so the batch must hold several gateways' in-flight windows to keep up with a backlog drain. Whole
    // publishes only: a publish's records share one transaction, so its one PUBACK waits for one commit.
    private const int MaxBatch = 2000;

    private readonly ChannelReader<PendingPublish> _pending;
    private readonly ICloudStore _store;
    private readonly IngestMetrics _metrics;
    private readonly StoredBatchFanOut _fanOut;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<IngestWorker> _logger;

    public IngestWorker(Channel<PendingPublish> pending, ICloudStore store, IngestMetrics metrics, StoredBatchFanOut fanOut, TimeProvider timeProvider, ILogger<IngestWorker> logger)
    {
        ArgumentNullException.ThrowIfNull(pending);
        _pending = pending.Reader;
        _store = store;
        _metrics = metrics;
        _fanOut = fanOut;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var publishes = new List<PendingPublish>();
        var envelopes = new List<UplinkEnvelope>(MaxBatch);
        while (await _pending.WaitToReadAsync(stoppingToken))
        {
            while (envelopes.Count < MaxBatch && _pending.TryRead(out var publish))
            {
                publishes.Add(publish);
                envelopes.AddRange(publish.Envelopes);
            }

            try
            {
                var stored = await _store.IngestAsync(envelopes, _timeProvider.GetUtcNow(), stoppingToken);
                _metrics.OnStored(stored, envelopes.Count - stored);
                foreach (var publish in publishes)
                {
                    publish.OnStored();
                }

                _fanOut.OnCommitted(envelopes, stored);
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                LogStoreFailed(exception, envelopes.Count);
                foreach (var publish in publishes)
                {
                    publish.OnFailed(exception);
                }
            }

            publishes.Clear();
            envelopes.Clear();
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Storing a batch of {Count} records failed; publishers will resend")]
    private partial void LogStoreFailed(Exception exception, int count);
}
