namespace Edge.Gateway.Outbox;

/// <summary>Section <c>Outbox</c>.</summary>
public sealed class OutboxOptions
{
    public const string Section = "Outbox";

    /// <summary>File name of the outbox inside the gateway's data folder.</summary>
    public string FileName { get; set; } = "outbox.db";
}
