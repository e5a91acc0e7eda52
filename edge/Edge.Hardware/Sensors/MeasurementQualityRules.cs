namespace Edge.Hardware.Sensors;

/// <summary>Combines the range check and the stuck check into one quality flag.</summary>
public static class MeasurementQualityRules
{
    public static MeasurementQuality Assess(double value, double minimum, double maximum, StuckDetector? stuck)
    {
        var isStuck = stuck?.Observe(value) ?? false;
        if (double.IsNaN(value) || value < minimum || value > maximum)
        {
            return MeasurementQuality.OutOfRange;
        }

        return isStuck ? MeasurementQuality.Stuck : MeasurementQuality.Good;
    }
}
