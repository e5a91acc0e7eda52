namespace Edge.Ingest.Sparkplug;

/// <summary>
/// A Sparkplug B topic (spec 3.0, 4.1): <c>spBv1.0/&lt;group&gt;/&lt;type&gt;/&lt;edge node&gt;[/&lt;device&gt;]</c>.
/// </summary>
public sealed record SparkplugTopic(string Group, SparkplugMessageType Type, string Node, string? Device)
{
    public const string Namespace = "spBv1.0";

    public static bool TryParse(string topic, out SparkplugTopic? parsed)
    {
        ArgumentNullException.ThrowIfNull(topic);
        parsed = null;
        var parts = topic.Split('/');
        if (parts.Length is < 4 or > 5 || parts[0] != Namespace || parts[1].Length == 0 || parts[3].Length == 0)
        {
            return false;
        }

        if (!Enum.TryParse<SparkplugMessageType>(parts[2], ignoreCase: false, out var type) || !Enum.IsDefined(type))
        {
            return false;
        }

        var isDeviceMessage = type is SparkplugMessageType.DBIRTH or SparkplugMessageType.DDATA or SparkplugMessageType.DDEATH or SparkplugMessageType.DCMD;
        if (isDeviceMessage != (parts.Length == 5) || (parts.Length == 5 && parts[4].Length == 0))
        {
            return false;
        }

        parsed = new SparkplugTopic(parts[1], type, parts[3], parts.Length == 5 ? parts[4] : null);
        return true;
    }

    public static string NodeCommand(string group, string node) => $"{Namespace}/{group}/NCMD/{node}";
}
