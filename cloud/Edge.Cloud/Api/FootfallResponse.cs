using Edge.Cloud.Storage;

namespace Edge.Cloud.Api;

/// <summary>Footfall cells of a store over days, with the privacy parameters each day was released under.</summary>
public sealed record FootfallResponse(string StoreId, DateOnly FromDay, DateOnly ToDay, IReadOnlyList<FootfallCellRow> Cells, IReadOnlyList<StorePrivacyRow> Privacy);
