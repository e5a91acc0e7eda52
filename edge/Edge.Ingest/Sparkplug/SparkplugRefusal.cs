using Edge.Ingest.Telemetry;

namespace Edge.Ingest.Sparkplug;

/// <summary>Why a Sparkplug message was refused.</summary>
internal readonly record struct SparkplugRefusal(RejectionReason Reason, string Detail);
