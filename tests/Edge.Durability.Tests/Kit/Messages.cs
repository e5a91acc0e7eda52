using Edge.Contracts;

namespace Edge.Durability.Tests.Kit;

internal static class Messages
{
    public static MachineSummary Summary(string machine, DateTimeOffset start, double value, long count = 6, TimeSpan? window = null) => new()
    {
        MachineId = machine,
        WindowStart = start,
        WindowEnd = start + (window ?? TimeSpan.FromMinutes(1)),
        Sensors =
        [
            new SensorSummary { Sensor = "temperature", Unit = "degC", Count = count, Mean = value, Min = value - 1, Max = value + 1, StandardDeviation = 0.5 },
        ],
    };

    public static FailureAlert Alert(int number, DateTimeOffset at) => new()
    {
        AlertId = "alert-" + number,
        MachineId = "m0",
        AlertKind = AlertKinds.FailureLikely,
        Severity = "critical",
        State = "open",
        Reason = "test",
        FirstSeen = at,
        LastUpdated = at,
    };

    public static GatewayHealth Health(TimeSpan uptime) => new() { Version = "test", Uptime = uptime };
}
