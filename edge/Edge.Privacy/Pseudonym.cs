namespace Edge.Privacy;

/// <summary>
/// An opaque, in-memory stand-in for a device's raw identifier, valid for one key epoch. It cannot be turned
/// back into the identifier, has no public bytes, and prints as a short tag that is useless outside this process.
/// Everything downstream of the beacon decoders handles devices only through this type.
/// </summary>
public readonly record struct Pseudonym
{
    private readonly ulong _high;
    private readonly ulong _low;

    /// <summary>Rebuilds a pseudonym from the two halves a compact table stored (<see cref="Fingerprint"/>, <see cref="LowBits"/>).</summary>
    internal Pseudonym(ulong high, ulong low, int epoch)
    {
        _high = high;
        _low = low;
        Epoch = epoch;
    }

    /// <summary>Key epoch this pseudonym was made under; pseudonyms of different epochs never compare equal.</summary>
    public int Epoch { get; }

    /// <summary>
    /// 64 bits of the pseudonym, for compact in-memory tables that can live with a 2^-64 chance of two devices
    /// sharing an entry (de-duplication). Says no more about the device than the pseudonym itself.
    /// </summary>
    internal ulong Fingerprint => _high;

    /// <summary>The other 64 bits, for tables that store the whole pseudonym in 16 bytes (its epoch kept once per table).</summary>
    internal ulong LowBits => _low;

    public override string ToString() => $"pseudonym#{Epoch}";
}
