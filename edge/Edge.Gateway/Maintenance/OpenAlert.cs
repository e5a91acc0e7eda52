using Edge.Contracts;

namespace Edge.Gateway.Maintenance;

/// <summary>An open alert as the status API shows it.</summary>
public sealed record OpenAlert(FailureAlert Alert, bool Acknowledged);
