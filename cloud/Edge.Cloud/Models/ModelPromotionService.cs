using Microsoft.Extensions.Options;

namespace Edge.Cloud.Models;

/// <summary>
/// Promotes shadow models after <see cref="ModelsOptions.ShadowDays"/>. The work is <see cref="RunOnceAsync"/> (tests call
/// it with a fake clock); the loop only repeats it. Several replicas may run it: each promotion re-checks in its transaction.
/// </summary>
internal sealed partial class ModelPromotionService : BackgroundService
{
    private readonly ModelRegistry _registry;
    private readonly TimeProvider _timeProvider;
    private readonly ModelsOptions _options;
    private readonly ILogger<ModelPromotionService> _logger;

    public ModelPromotionService(ModelRegistry registry, TimeProvider timeProvider, IOptions<ModelsOptions> options, ILogger<ModelPromotionService> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _registry = registry;
        _timeProvider = timeProvider;
        _options = options.Value;
        _logger = logger;
    }

    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var promoted = await _registry.PromoteDueAsync(_timeProvider.GetUtcNow(), cancellationToken);
        foreach (var row in promoted)
        {
            LogPromoted(row.Site, row.MachineKind, row.Serving);
        }

        return promoted.Count;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_options.PromotionCheckInterval, _timeProvider);
        do
        {
            try
            {
                await RunOnceAsync(stoppingToken);
            }
            catch (Exception error) when (error is System.Data.Common.DbException or TimeoutException)
            {
                LogFailed(error);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Model {Version} promoted from shadow to serving for site {Site}, machine kind {MachineKind}")]
    private partial void LogPromoted(string site, string machineKind, string? version);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Automatic model promotion failed; retried at the next check")]
    private partial void LogFailed(Exception error);
}
