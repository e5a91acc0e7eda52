namespace Edge.Contracts;

/// <summary>MQTT topics between gateway and cloud.</summary>
public static class UplinkTopics
{
    /// <summary>Topic a gateway publishes a record of <paramref name="kind"/> to.</summary>
    public static string For(string gatewayId, string kind) => $"edge/v{ContractVersion.Current}/{gatewayId}/{kind}";

    /// <summary>Filter the cloud subscribes to (all versions, all gateways, all kinds).</summary>
    public const string AllGateways = "edge/+/+/+";
}
