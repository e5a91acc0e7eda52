namespace Edge.Maintenance.History;

/// <summary>
/// What happened to a machine at a time: a failure (detail: component or cause), a maintenance (detail: the component
/// serviced, or <c>repair:component</c>) or an error (detail: the error code). <see cref="Kind"/> is one of <see cref="MachineEventKinds"/>.
/// </summary>
public sealed record MachineEvent(DateTimeOffset Timestamp, string Machine, string Kind, string Detail);
