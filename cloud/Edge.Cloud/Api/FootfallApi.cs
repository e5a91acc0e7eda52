using Edge.Cloud.Storage;

namespace Edge.Cloud.Api;

internal static class FootfallApi
{
    private const int MaxDays = 62;

    public static RouteGroupBuilder MapFootfallApi(this RouteGroupBuilder api)
    {
        var stores = api.MapGroup("/stores");
        stores.MapGet("/", ListStoresAsync).Produces<List<StorePrivacyRow>>().WithSummary("Privacy transparency: per store, the differential-privacy parameters of its latest release, as its gateway sent them.");
        stores.MapGet("/beacon-health", BeaconHealthAsync).Produces<List<StoreBeaconHealth>>().WithSummary("Health of each store's beacon gateway.");
        stores.MapGet("/{storeId}/footfall", FootfallAsync).Produces<FootfallResponse>().ProducesValidationProblem().WithSummary("Noisy footfall cells (zone x window) for day..day+days-1, optionally one zone, with the privacy parameters that apply; ?site= picks one site when several use the same store id.");
        stores.MapGet("/{storeId}/privacy", PrivacyAsync).Produces<List<StorePrivacyRow>>().WithSummary("Every day's privacy parameters of one store.");
        return api;
    }

    private static async Task<IResult> ListStoresAsync(HttpContext context, ICloudStore store, CancellationToken cancellationToken)
    {
        var caller = CallerAccess.Get(context);
        if (!caller.SeesStores)
        {
            return CallerAccess.Forbidden(CallerAccess.StoresOnly);
        }

        var latest = new List<StorePrivacyRow>();
        foreach (var row in await store.GetStorePrivacyAsync(cancellationToken, caller.Sites))
        {
            // Rows come newest day first per (store, site): keep the first of each. Two sites may use the same store id.
            if (latest.Count == 0 || latest[^1].StoreId != row.StoreId || latest[^1].GatewayId != row.GatewayId)
            {
                latest.Add(row);
            }
        }

        return TypedResults.Ok(latest);
    }

    private static async Task<IResult> PrivacyAsync(string storeId, string? site, HttpContext context, ICloudStore store, CancellationToken cancellationToken)
    {
        var caller = CallerAccess.Get(context);
        if (!caller.SeesStores)
        {
            return CallerAccess.Forbidden(CallerAccess.StoresOnly);
        }

        var rows = (await store.GetStorePrivacyAsync(cancellationToken, CallerAccess.Narrow(caller, site))).Where(r => r.StoreId == storeId).ToList();
        return TypedResults.Ok(rows);
    }

    private static async Task<IResult> FootfallAsync(
        string storeId, string? day, int? days, string? zone, string? site, HttpContext context, ICloudStore store, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        var caller = CallerAccess.Get(context);
        if (!caller.SeesStores)
        {
            return CallerAccess.Forbidden(CallerAccess.StoresOnly);
        }

        var errors = new Dictionary<string, string[]>();
        var from = TimeQuery.ParseDayOr(day, DateOnly.FromDateTime(timeProvider.GetUtcNow().UtcDateTime), "day", errors);
        var count = days ?? 1;
        if (count is < 1 or > MaxDays)
        {
            errors["days"] = [$"days must be 1-{MaxDays}."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var to = from.AddDays(count - 1);
        var sites = CallerAccess.Narrow(caller, site);
        var cells = await store.GetFootfallAsync(storeId, from, to, cancellationToken, sites);
        if (zone is not null)
        {
            cells = cells.Where(c => c.ZoneId == zone).ToList();
        }

        var privacy = (await store.GetStorePrivacyAsync(cancellationToken, sites))
            .Where(r => r.StoreId == storeId && r.Day >= from && r.Day <= to).ToList();
        return TypedResults.Ok(new FootfallResponse(storeId, from, to, cells, privacy));
    }

    private static async Task<IResult> BeaconHealthAsync(HttpContext context, ICloudStore store, CancellationToken cancellationToken)
    {
        var caller = CallerAccess.Get(context);
        if (!caller.SeesStores)
        {
            return CallerAccess.Forbidden(CallerAccess.StoresOnly);
        }

        var gateways = (await store.GetGatewaysAsync(cancellationToken, caller.Sites)).ToDictionary(g => g.GatewayId, StringComparer.Ordinal);
        var result = new List<StoreBeaconHealth>();
        foreach (var row in await store.GetStorePrivacyAsync(cancellationToken, caller.Sites))
        {
            if (result.Count > 0 && result[^1].StoreId == row.StoreId && result[^1].GatewayId == row.GatewayId)
            {
                continue;
            }

            gateways.TryGetValue(row.GatewayId, out var gateway);
            result.Add(new StoreBeaconHealth(row.StoreId, row.GatewayId, gateway?.LastSeen, row.ReceivedAt, gateway?.Version, gateway?.OutboxBacklog, gateway?.HoursOfAutonomyLeft, gateway?.Warnings ?? []));
        }

        return TypedResults.Ok(result);
    }
}
