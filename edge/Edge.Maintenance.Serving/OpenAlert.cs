using Edge.Contracts;

namespace Edge.Maintenance.Serving;

/// <summary>An open alert as the status API shows it.</summary>
public sealed record OpenAlert(FailureAlert Alert, bool Acknowledged);
