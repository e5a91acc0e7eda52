using System.Text.Json.Serialization;

namespace Edge.Contracts;

/// <summary>
/// Base of every message a gateway may send to the cloud. The set of derived types is closed: the egress guard
/// accepts nothing else, and none of them has a field for a MAC address, a beacon identifier of a person's device
/// or advertisement bytes. Identifier-like strings (machine, zone, store) are checked by <see cref="SafeLabel"/>.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(MachineSummary), MessageKinds.MachineSummary)]
[JsonDerivedType(typeof(FailureAlert), MessageKinds.FailureAlert)]
[JsonDerivedType(typeof(FootfallReport), MessageKinds.FootfallReport)]
[JsonDerivedType(typeof(GatewayHealth), MessageKinds.GatewayHealth)]
public abstract record UplinkMessage
{
    /// <summary>Outbox priority class of this message: lower drains first and is dropped last.</summary>
    [JsonIgnore]
    public abstract PriorityClass Priority { get; }

    [JsonIgnore]
    public abstract string Kind { get; }
}
