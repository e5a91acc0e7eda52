namespace Edge.Hardware.PulseCounter;

/// <summary>
/// Frequency from counted edges, accurate at low and high rates: each reading divides the edges counted since the previous
/// reading by the time between the last edge then and the last edge now, so the gate always spans whole periods
/// (counting at high rates, period timing at low rates) and the error is only the timestamp resolution over the gate.
/// Edges are recorded from the GPIO callback thread; readings come from the sampling thread.
/// </summary>
public sealed class EdgeRateMeter
{
    private readonly Lock _lock = new();
    private long _edges;
    private TimeSpan _lastEdge;
    private long _gateEdges;
    private TimeSpan _gateStart;
    private bool _gateOpen;
    private double _lastFrequency;

    /// <summary>Edges seen since start.</summary>
    public long Edges
    {
        get
        {
            lock (_lock)
            {
                return _edges;
            }
        }
    }

    /// <summary>Records one edge at <paramref name="at"/>.</summary>
    public void RecordEdge(TimeSpan at)
    {
        lock (_lock)
        {
            _edges++;
            _lastEdge = at;
            if (!_gateOpen)
            {
                _gateOpen = true;
                _gateStart = at;
                _gateEdges = _edges;
            }
        }
    }

    /// <summary>
    /// Frequency in Hz at <paramref name="now"/>. With no new edge the previous value holds, bounded by what the time since
    /// the last edge still allows; after <paramref name="stoppedAfter"/> without an edge it is 0.
    /// </summary>
    public double Read(TimeSpan now, TimeSpan stoppedAfter)
    {
        lock (_lock)
        {
            if (!_gateOpen || now - _lastEdge >= stoppedAfter)
            {
                // Stopped: the next edge opens a new gate instead of averaging over the standstill.
                _lastFrequency = 0;
                _gateOpen = false;
                return 0;
            }

            var periods = _edges - _gateEdges;
            if (periods > 0)
            {
                _lastFrequency = periods / (_lastEdge - _gateStart).TotalSeconds;
                _gateStart = _lastEdge;
                _gateEdges = _edges;
                return _lastFrequency;
            }

            // No whole period since the last reading: the shaft turns no faster than one period per time since the last edge.
            var sinceLastEdge = (now - _lastEdge).TotalSeconds;
            if (sinceLastEdge > 0)
            {
                _lastFrequency = Math.Min(_lastFrequency, 1 / sinceLastEdge);
            }

            return _lastFrequency;
        }
    }
}
