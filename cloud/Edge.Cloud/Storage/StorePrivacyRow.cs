using Edge.Contracts;

namespace Edge.Cloud.Storage;

/// <summary>The privacy parameters a store's gateway released a day's footfall under, exactly as the gateway sent them.</summary>
public sealed record StorePrivacyRow(string StoreId, string GatewayId, DateOnly Day, PrivacyParameters Privacy, DateTimeOffset ReceivedAt);
