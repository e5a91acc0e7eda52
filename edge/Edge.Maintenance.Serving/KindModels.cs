namespace Edge.Maintenance.Serving;

/// <summary>One machine kind: the serving history model (version, where from), the shadow version, and the comparison of the two.</summary>
public sealed record KindModels(string Kind, string? ServingVersion, string? ServingSource, string? ShadowVersion, ShadowComparison? Comparison);
