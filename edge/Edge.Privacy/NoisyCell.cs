namespace Edge.Privacy;

/// <summary>A cell as stored in the ledger: noise already added, drawn once, never redrawn.</summary>
internal readonly record struct NoisyCell(
    string ZoneId,
    int WindowIndex,
    DateTimeOffset WindowStart,
    DateTimeOffset WindowEnd,
    long Visitors,
    long DwellSeconds,
    bool Partial);
