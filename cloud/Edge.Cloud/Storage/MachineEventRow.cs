namespace Edge.Cloud.Storage;

/// <summary>
/// What happened to a machine, as an engineer recorded it: a failure (component or cause), maintenance (what was done;
/// a repair is maintenance with detail <c>repair:...</c>) or an error code. <see cref="Site"/> is the gateway id.
/// </summary>
public sealed record MachineEventRow(
    long Id, string Site, string Machine, DateTimeOffset Timestamp, string Kind, string Detail, string? Comment, string RecordedBy, DateTimeOffset RecordedAt);
