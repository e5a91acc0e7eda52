namespace Edge.LoadHarness;

/// <summary>What one <c>drain</c> run measures: a backlog of <see cref="Records"/> machine summaries drained to the cloud.</summary>
internal sealed record DrainOptions(
    int Records,
    DrainStore Store,
    int? BatchSize,
    double DrainRatePerSecond,
    bool PostgresFsync,
    TimeSpan Timeout,
    string? GatewayDll = null,
    string? CloudDll = null,
    int? RecordsPerPublish = null);
