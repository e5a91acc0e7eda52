using System.Numerics;

namespace Edge.Hardware.Emulation.Simulation;

/// <summary>
/// Vibration of a pump bearing as it wears: a running-speed tone from residual imbalance, broadband noise, and outer-race
/// defect impacts at BPFO (about 3.6 x shaft speed for a typical deep-groove bearing), each ringing the housing at its
/// resonance. Impact amplitude grows with the square of the degradation, so RMS, crest factor and kurtosis all rise.
/// </summary>
public sealed class BearingModel
{
    private const double BallPassOuterRaceOrder = 3.58;
    private const double ResonanceHertz = 290;
    private const double RingDecayPerSecond = 350;
    private readonly Random _noise;

    public BearingModel(int seed) => _noise = new Random(seed);

    /// <summary>Acceleration in g (gravity on Z) at <paramref name="seconds"/>, for a shaft at <paramref name="shaftHertz"/>.</summary>
    public Vector3 Acceleration(double seconds, double shaftHertz, double degradation)
    {
        var imbalance = (0.03 + (0.05 * degradation)) * Math.Sin(2 * Math.PI * shaftHertz * seconds);
        var impactRate = BallPassOuterRaceOrder * shaftHertz;
        var sinceImpact = seconds - (Math.Floor(seconds * impactRate) / impactRate);
        var impact = 0.6 * degradation * degradation
            * Math.Exp(-RingDecayPerSecond * sinceImpact) * Math.Sin(2 * Math.PI * ResonanceHertz * sinceImpact);
        var noise = 0.01 * ((_noise.NextDouble() * 2) - 1);
        var vertical = imbalance + impact + noise;
        return new Vector3((float)(0.5 * imbalance), (float)(0.3 * vertical), (float)(1.0 + vertical));
    }
}
