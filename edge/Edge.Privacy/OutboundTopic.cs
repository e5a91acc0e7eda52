namespace Edge.Privacy;

/// <summary>One outbound MQTT topic and every field its messages carry (JSON paths; <c>[]</c> marks list items, <c>{name}</c> map entries).</summary>
public sealed record OutboundTopic(string Kind, string Topic, IReadOnlyList<OutboundField> Fields);
