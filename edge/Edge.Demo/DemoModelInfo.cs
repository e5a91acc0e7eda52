using Edge.Maintenance.History;

namespace Edge.Demo;

/// <summary>The model the demo serves: its file, version, how long generating and training took, and its cross-validated alert quality.</summary>
internal sealed record DemoModelInfo(string Path, string Version, double GenerateSeconds, double TrainSeconds, EventMetrics? CrossValidated);
