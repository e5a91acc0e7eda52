namespace Edge.Maintenance.Features;

/// <summary>
/// Features of one operating point of a milling machine (AI4I 2020): the raw readings plus the quantities its failure
/// modes depend on (Matzka 2020): the process-air temperature difference (heat dissipation fails below 8.6 K with the
/// spindle under 1380 rpm), mechanical power (power failure below 3500 W or above 9000 W) and tool wear x torque
/// (overstrain above 11000, 12000, 13000 min.Nm for product types L, M, H). Tree bins cannot find a product of two
/// columns on their own; given the product they split where the physics does.
/// </summary>
public static class OperatingPointFeatures
{
    /// <summary>Input channels, as sensor names on the wire. <c>type</c> is 0 (L), 1 (M) or 2 (H).</summary>
    public static IReadOnlyList<string> Channels { get; } =
        ["type", "airTemperature", "processTemperature", "rotationalSpeed", "torque", "toolWear"];

    public static IReadOnlyList<string> FeatureNames { get; } =
        [.. Channels, "temperatureDifference", "power", "wearTorque", "overstrainRatio"];

    public static double TypeCode(char productType) => productType switch
    {
        'L' => 0,
        'M' => 1,
        'H' => 2,
        _ => throw new ArgumentOutOfRangeException(nameof(productType), productType, "Product type must be L, M or H."),
    };

    /// <summary>Computes the features from channel values in <see cref="Channels"/> order.</summary>
    public static float[] Compute(ReadOnlySpan<double> channels)
    {
        if (channels.Length != Channels.Count)
        {
            throw new ArgumentException($"Expected {Channels.Count} channel values, got {channels.Length}.", nameof(channels));
        }

        var type = Math.Clamp(Math.Round(channels[0]), 0, 2);
        var air = channels[1];
        var process = channels[2];
        var speed = channels[3];
        var torque = channels[4];
        var wear = channels[5];
        var wearTorque = wear * torque;
        var overstrainLimit = 11_000 + (1_000 * type);
        return
        [
            (float)type, (float)air, (float)process, (float)speed, (float)torque, (float)wear,
            (float)(process - air),
            (float)(torque * speed * 2 * Math.PI / 60),
            (float)wearTorque,
            (float)(wearTorque / overstrainLimit),
        ];
    }
}
