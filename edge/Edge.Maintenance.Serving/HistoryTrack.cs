using Edge.Maintenance.History;

namespace Edge.Maintenance.Serving;

/// <summary>A history model version and one machine's feature state for it.</summary>
internal sealed record HistoryTrack(string Version, HistoryMachineState State);
