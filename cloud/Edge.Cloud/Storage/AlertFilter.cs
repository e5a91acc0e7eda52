namespace Edge.Cloud.Storage;

/// <summary>Which alerts to list. Null members do not filter; <see cref="Sites"/> null means every site.</summary>
public sealed record AlertFilter(IReadOnlyCollection<string>? Sites = null, string? State = null, string? Severity = null, string? MachineId = null);
