using Edge.Gateway.Telemetry;

namespace Edge.Gateway.Sparkplug;

/// <summary>Why a Sparkplug message was refused.</summary>
internal readonly record struct SparkplugRefusal(RejectionReason Reason, string Detail);
