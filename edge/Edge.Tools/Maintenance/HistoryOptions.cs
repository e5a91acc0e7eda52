using System.CommandLine;

namespace Edge.Tools.Maintenance;

/// <summary>The history files of <c>model train|evaluate|predict</c>: T.csv, E.csv and the optional M.csv (each may be .gz).</summary>
internal sealed class HistoryOptions
{
    public Option<FileInfo?> Telemetry { get; } = new("--telemetry") { Description = "History: telemetry CSV, header timestamp,machine,<sensor>,..." };

    public Option<FileInfo?> Events { get; } = new("--events") { Description = "History: events CSV, header timestamp,machine,kind,detail (kind failure, maintenance or error)." };

    public Option<FileInfo?> Machines { get; } = new("--machines") { Description = "History: optional machines CSV, header machine,model,age." };
}
