namespace Edge.Hardware.Signal;

/// <summary>
/// RMS of the AC part of a stream of ADC codes (the DC bias of a CT clamp's mid-rail reference removed), without storing samples.
/// </summary>
public struct AcRmsAccumulator
{
    private double _sum;
    private double _sumSquares;

    public int Count { get; private set; }

    public int Minimum { get; private set; }

    public int Maximum { get; private set; }

    public void Add(int code)
    {
        if (Count == 0)
        {
            Minimum = code;
            Maximum = code;
        }
        else
        {
            Minimum = Math.Min(Minimum, code);
            Maximum = Math.Max(Maximum, code);
        }

        Count++;
        _sum += code;
        _sumSquares += (double)code * code;
    }

    /// <summary>RMS of the codes around their mean, in codes.</summary>
    public readonly double AcRms
    {
        get
        {
            if (Count == 0)
            {
                return double.NaN;
            }

            var mean = _sum / Count;
            return Math.Sqrt(Math.Max(0, (_sumSquares / Count) - (mean * mean)));
        }
    }

    public readonly double Mean => Count == 0 ? double.NaN : _sum / Count;
}
