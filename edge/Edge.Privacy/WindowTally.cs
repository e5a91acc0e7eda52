namespace Edge.Privacy;

/// <summary>
/// The bounded, still exact totals of one closed window, one entry per configured zone (zeros included). It holds no
/// device state; it lives in memory only until noise is added, which happens right after the window closes.
/// </summary>
internal sealed record WindowTally(FootfallWindow Window, bool Partial, IReadOnlyList<ZoneTally> Zones);
