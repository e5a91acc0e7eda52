using Edge.Maintenance.History;

namespace Edge.Maintenance.Serving;

/// <summary>
/// A history model in service: from the models folder (<see cref="Source"/> = file name, <see cref="Kind"/> = file name
/// without extension, stage <see cref="LocalStage"/>) or assigned by the cloud (<see cref="Source"/> =
/// <c>cloud/&lt;kind&gt;/&lt;stage&gt;</c>, stage serving or shadow).
/// </summary>
public sealed record ServedHistoryModel(string Source, HistoryModel Model, string Kind, string Stage)
{
    public const string LocalStage = "local";

    public static string CloudSource(string kind, string stage) => "cloud/" + kind + "/" + stage;
}
