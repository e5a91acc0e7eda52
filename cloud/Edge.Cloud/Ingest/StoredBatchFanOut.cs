using Edge.Cloud.Live;
using Edge.Cloud.Notifications;
using Edge.Contracts;

namespace Edge.Cloud.Ingest;

/// <summary>Tells the dashboards (server-sent events) and the alert webhook what a committed batch brought.</summary>
internal sealed class StoredBatchFanOut
{
    private readonly LiveUpdates _live;
    private readonly AlertNotifier _notifier;

    public StoredBatchFanOut(LiveUpdates live, AlertNotifier notifier)
    {
        _live = live;
        _notifier = notifier;
    }

    public void OnCommitted(IReadOnlyList<UplinkEnvelope> batch, int stored)
    {
        if (stored == 0)
        {
            return;
        }

        _live.Publish("records");
        var alerts = false;
        var footfall = false;
        foreach (var envelope in batch)
        {
            switch (envelope.Message)
            {
                case FailureAlert alert:
                    alerts = true;
                    _notifier.Enqueue(new AlertNotification(
                        $"{envelope.GatewayId}:{envelope.Sequence}", envelope.GatewayId, alert.AlertId, alert.MachineId, alert.AlertKind, alert.Severity,
                        alert.State, alert.PredictedRemainingLife, alert.RemainingLifeUnit, alert.FailureProbability, alert.Reason, alert.LastUpdated));
                    break;
                case FootfallReport:
                    footfall = true;
                    break;
            }
        }

        if (alerts)
        {
            _live.Publish("alerts");
        }

        if (footfall)
        {
            _live.Publish("footfall");
        }
    }
}
