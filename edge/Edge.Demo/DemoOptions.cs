namespace Edge.Demo;

/// <summary>Everything the demo needs; every value has a default so the demo runs with no configuration.</summary>
public sealed record DemoOptions
{
    public string DataDirectory { get; init; } = "demo-data";

    public int Machines { get; init; } = 10;

    /// <summary>Summary window; one window is one plant hour (the plant runs 3600 s / window faster than real time).</summary>
    public TimeSpan Window { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Telemetry messages per machine per window (each advances the machine's physics by its share of the hour).</summary>
    public int PublishesPerWindow { get; init; } = 5;

    public string CloudUrl { get; init; } = "http://127.0.0.1:8080";

    public int CloudBrokerPort { get; init; } = 1884;

    public int GatewayBrokerPort { get; init; } = 1883;

    public string GatewayUrl { get; init; } = "http://127.0.0.1:8081";

    public string GatewayId { get; init; } = "demo-site";

    /// <summary>How much faster than real time simulated shoppers move.</summary>
    public double StoreSpeed { get; init; } = 10;

    /// <summary>Seed of the live machines; the history the model learns from uses <see cref="HistorySeed"/> (other machines).</summary>
    public int PlantSeed { get; init; } = 42;

    public int HistorySeed { get; init; } = 7;

    /// <summary>Share of live machines that start with a component already degrading, so failures come within minutes.</summary>
    public double WornAtStart { get; init; } = 0.5;

    /// <summary>Machines in the generated history the demo trains on.</summary>
    public int HistoryMachines { get; init; } = 16;

    public int HistoryDays { get; init; } = 100;

    /// <summary>Cross-validation folds when the demo trains (the tool's default is 5; 3 keeps start-up short).</summary>
    public int TrainingFolds { get; init; } = 3;

    /// <summary>Training rows at most (every n-th hourly step; the tool's default is 60,000): start-up within a minute.</summary>
    public int TrainingRows { get; init; } = 12_000;

    /// <summary>How often the console shows the demo's alert quality.</summary>
    public TimeSpan QualityInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Plant time per wall-clock time: one window is one plant hour.</summary>
    public double ClockScale => TimeSpan.FromHours(1) / Window;
}
