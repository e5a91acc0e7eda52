namespace Edge.Contracts;

/// <summary>MQTT topics between gateway and cloud.</summary>
public static class UplinkTopics
{
    /// <summary>Topic a gateway publishes a record of <paramref name="kind"/> to.</summary>
    public static string For(string gatewayId, string kind) => $"edge/v{ContractVersion.Current}/{gatewayId}/{kind}";

    /// <summary>Last topic segment of an <see cref="UplinkBatch"/>; never a <see cref="MessageKinds"/> value.</summary>
    public const string Batch = "batch";

    /// <summary>Topic a gateway publishes an <see cref="UplinkBatch"/> to.</summary>
    public static string BatchFor(string gatewayId) => For(gatewayId, Batch);

    /// <summary>True when <paramref name="topic"/> carries an <see cref="UplinkBatch"/> rather than a single <see cref="UplinkEnvelope"/>.</summary>
    public static bool IsBatch(string topic) => topic is not null && topic.EndsWith("/" + Batch, StringComparison.Ordinal);

    /// <summary>Filter the cloud subscribes to (all versions, all gateways, all kinds).</summary>
    public const string AllGateways = "edge/+/+/+";
}
