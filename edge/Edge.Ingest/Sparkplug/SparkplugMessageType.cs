namespace Edge.Ingest.Sparkplug;

/// <summary>Sparkplug B message types (spec 3.0, 4.1.1); names are the topic tokens.</summary>
public enum SparkplugMessageType
{
    NBIRTH = 1,
    NDEATH,
    DBIRTH,
    DDEATH,
    NDATA,
    DDATA,
    NCMD,
    DCMD,
}
