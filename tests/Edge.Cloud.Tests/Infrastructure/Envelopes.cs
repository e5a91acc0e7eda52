using Edge.Contracts;

namespace Edge.Cloud.Tests.Infrastructure;

/// <summary>Builds uplink envelopes as a gateway would send them.</summary>
internal static class Envelopes
{
    public static readonly DateTimeOffset Start = new(2026, 11, 29, 8, 0, 0, TimeSpan.Zero);

    public static UplinkEnvelope Wrap(string gatewayId, long sequence, UplinkMessage message, DateTimeOffset? committedAt = null) => new()
    {
        SchemaVersion = ContractVersion.Current,
        GatewayId = gatewayId,
        Sequence = sequence,
        CommittedAt = committedAt ?? Start.AddMinutes(sequence),
        Message = message,
    };

    public static MachineSummary Summary(string machineId, DateTimeOffset windowStart, double temperature) => new()
    {
        MachineId = machineId,
        WindowStart = windowStart,
        WindowEnd = windowStart.AddMinutes(1),
        Sensors =
        [
            new SensorSummary { Sensor = "temperature", Unit = "C", Count = 60, Mean = temperature, Min = temperature - 1, Max = temperature + 1, StandardDeviation = 0.5 },
        ],
    };

    public static FailureAlert Alert(string alertId, string machineId, string severity, string state, DateTimeOffset updated, double? remainingLife = null) => new()
    {
        AlertId = alertId,
        MachineId = machineId,
        AlertKind = AlertKinds.RemainingLifeLow,
        Severity = severity,
        State = state,
        PredictedRemainingLife = remainingLife,
        RemainingLifeUnit = remainingLife is null ? null : "hours",
        FailureProbability = remainingLife is null ? null : 0.8,
        ModelVersion = "rul-1",
        Reason = "bearing temperature rising",
        TopFeatures = [new FeatureContribution { Feature = "temperature_slope", Value = 0.7, TrainingMin = 0, TrainingMax = 0.4, Contribution = 0.6 }],
        FirstSeen = updated,
        LastUpdated = updated,
    };

    public static PrivacyParameters Privacy(long countNoise95 = 3) => new()
    {
        EpsilonPerRelease = 0.5,
        EpsilonPerDay = 4,
        MaxWindowsPerDevicePerDay = 8,
        SuppressBelow = 5,
        Window = TimeSpan.FromMinutes(15),
        MaxDwell = TimeSpan.FromMinutes(30),
        CountNoise95 = countNoise95,
        DwellSecondsNoise95 = 40,
    };

    public static FootfallReport Footfall(string storeId, DateOnly day, params (string Zone, int Hour, long? Visitors)[] cells)
    {
        var list = new List<FootfallCell>();
        foreach (var (zone, hour, visitors) in cells)
        {
            var start = new DateTimeOffset(day.ToDateTime(new TimeOnly(hour, 0)), TimeSpan.Zero);
            list.Add(new FootfallCell
            {
                ZoneId = zone,
                WindowStart = start,
                WindowEnd = start.AddMinutes(15),
                Visitors = visitors,
                DwellSecondsSum = visitors * 120,
                Suppressed = visitors is null,
            });
        }

        return new FootfallReport { StoreId = storeId, Day = day, Cells = list, Privacy = Privacy() };
    }

    public static GatewayHealth Health(string version, long backlog, double? autonomyHours) => new()
    {
        Version = version,
        Uptime = TimeSpan.FromHours(3),
        OutboxBacklog = backlog,
        HoursOfAutonomyLeft = autonomyHours,
        Warnings = backlog > 0 ? ["uplink offline"] : [],
    };
}
