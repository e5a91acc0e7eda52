namespace Edge.Durability.Tests.Kit;

/// <summary>A measurement that prints figures and asserts no speed; runs only with <c>EDGE_MEASURE=1</c>, so CI time stays in check.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class MeasurementFactAttribute : FactAttribute
{
    public MeasurementFactAttribute()
    {
        if (Environment.GetEnvironmentVariable("EDGE_MEASURE") != "1")
        {
            Skip = "Measurement: run with EDGE_MEASURE=1 (see docs/STORE-AND-FORWARD.md).";
        }
    }
}
