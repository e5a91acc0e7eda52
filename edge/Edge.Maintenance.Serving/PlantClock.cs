using System.Globalization;

namespace Edge.Maintenance.Serving;

/// <summary>
/// Plant time for history models: origin + (gateway time - origin) x <see cref="MaintenanceOptions.ClockScale"/>. The
/// origin is the first window the gateway scored and is checkpointed with the feature state, so plant time keeps going
/// forward across a restart (a new origin would send a scaled clock back to the present, behind the state's last step).
/// </summary>
internal sealed class PlantClock
{
    private readonly double _scale;

    public PlantClock(double scale)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(scale);
        _scale = scale;
    }

    public DateTimeOffset? Origin { get; private set; }

    public DateTimeOffset At(DateTimeOffset gatewayTime)
    {
        if (_scale == 1)
        {
            return gatewayTime;
        }

        Origin ??= gatewayTime;
        var origin = Origin.Value;
        return origin + TimeSpan.FromTicks((long)((gatewayTime - origin).Ticks * _scale));
    }

    public string? Save() => Origin?.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);

    public void Restore(string? saved)
    {
        if (long.TryParse(saved, NumberStyles.Integer, CultureInfo.InvariantCulture, out var milliseconds))
        {
            Origin = DateTimeOffset.FromUnixTimeMilliseconds(milliseconds);
        }
    }
}
