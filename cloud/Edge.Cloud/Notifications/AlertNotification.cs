namespace Edge.Cloud.Notifications;

/// <summary>
/// What a webhook receives for each alert message from a gateway. Delivery is at least once: <see cref="Id"/>
/// (gateway:sequence) is the same on every retry and redelivery, so a receiver can drop repeats.
/// </summary>
public sealed record AlertNotification(
    string Id, string GatewayId, string AlertId, string MachineId, string AlertKind, string Severity, string State,
    double? PredictedRemainingLife, string? RemainingLifeUnit, double? FailureProbability, string Reason, DateTimeOffset LastUpdated);
