namespace Edge.Beacons.Zones;

/// <summary>
/// Log-distance path-loss model: RSSI(d) = RSSI(1 m) - 10 n log10(d), so d = 10^((RSSI(1 m) - RSSI) / (10 n)).
/// Indoors n is about 2.5-4 (walls, shelves, bodies); the error grows fast with distance, which is why it only filters.
/// </summary>
internal static class PathLoss
{
    public static double DistanceMeters(int rssi, int referenceRssiAtOneMeter, double exponent) =>
        Math.Pow(10, (referenceRssiAtOneMeter - rssi) / (10 * exponent));

    public static double Rssi(double distanceMeters, int referenceRssiAtOneMeter, double exponent) =>
        referenceRssiAtOneMeter - (10 * exponent * Math.Log10(Math.Max(distanceMeters, 0.1)));
}
