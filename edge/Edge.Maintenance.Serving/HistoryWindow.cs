namespace Edge.Maintenance.Serving;

/// <summary>What the history models made of one machine's window: its kind, and the serving and shadow scores (null before the state is ready).</summary>
internal sealed record HistoryWindow(string Kind, ServedHistoryModel? Serving, HistoryScore? ServingScore, ServedHistoryModel? Shadow, HistoryScore? ShadowScore);
