namespace Edge.LoadHarness;

/// <summary>
/// What one <c>drain</c> run measures: a backlog of <see cref="Records"/> machine summaries drained to the cloud; with
/// <see cref="CloudWarmupRecords"/>, another gateway's backlog of that size is drained into the same cloud first (a
/// cloud that has been running, its code compiled, rather than one started for the measurement).
/// </summary>
internal sealed record DrainOptions(
    int Records,
    DrainStore Store,
    int? BatchSize,
    double DrainRatePerSecond,
    bool PostgresFsync,
    TimeSpan Timeout,
    string? GatewayDll = null,
    string? CloudDll = null,
    int? RecordsPerPublish = null,
    int CloudWarmupRecords = 0);
