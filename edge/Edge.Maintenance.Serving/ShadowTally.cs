namespace Edge.Maintenance.Serving;

/// <summary>The running counts behind a <see cref="ShadowComparison"/>; restarts when the serving or the shadow version changes.</summary>
internal sealed class ShadowTally
{
    private readonly Lock _gate = new();
    private string _serving = "";
    private string _shadow = "";
    private long _predictions;
    private long _agreements;
    private double _absoluteDifference;

    public void Add(string servingVersion, string shadowVersion, bool servingAlert, bool shadowAlert, double servingProbability, double shadowProbability)
    {
        lock (_gate)
        {
            if (!string.Equals(_serving, servingVersion, StringComparison.Ordinal) || !string.Equals(_shadow, shadowVersion, StringComparison.Ordinal))
            {
                (_serving, _shadow, _predictions, _agreements, _absoluteDifference) = (servingVersion, shadowVersion, 0, 0, 0);
            }

            _predictions++;
            _agreements += servingAlert == shadowAlert ? 1 : 0;
            _absoluteDifference += Math.Abs(servingProbability - shadowProbability);
        }
    }

    public ShadowComparison Snapshot(string kind)
    {
        lock (_gate)
        {
            return new ShadowComparison(kind, _serving, _shadow, _predictions, _agreements, _predictions == 0 ? 0 : Math.Round(_absoluteDifference / _predictions, 6));
        }
    }
}
