namespace Edge.Maintenance.Training;

/// <summary>Progress of a long training step, for progress bars: <paramref name="Done"/> of <paramref name="Total"/> in <paramref name="Step"/>.</summary>
public readonly record struct TrainingProgress(string Step, int Done, int Total);
