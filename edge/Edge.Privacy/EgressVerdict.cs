namespace Edge.Privacy;

/// <summary>What the egress guard decided about one outbound message; <see cref="Reason"/> never quotes the offending value.</summary>
public readonly record struct EgressVerdict(bool Accepted, string? Reason)
{
    public static EgressVerdict Accept { get; } = new(true, null);

    public static EgressVerdict Reject(string reason) => new(false, reason);
}
