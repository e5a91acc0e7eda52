namespace Edge.Hardware.Sensors;

/// <summary>Flags a value that has not changed over a number of consecutive samples (a frozen sensor or ADC).</summary>
public sealed class StuckDetector
{
    private readonly int _limit;
    private double _last = double.NaN;
    private int _repeats;

    /// <param name="limit">Identical consecutive samples that make a value stuck; 0 turns the check off.</param>
    public StuckDetector(int limit)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        _limit = limit;
    }

    /// <summary>Records a sample and says whether the value is now stuck.</summary>
    public bool Observe(double value)
    {
        if (_limit == 0)
        {
            return false;
        }

        _repeats = value.Equals(_last) ? _repeats + 1 : 1;
        _last = value;
        return _repeats >= _limit;
    }
}
