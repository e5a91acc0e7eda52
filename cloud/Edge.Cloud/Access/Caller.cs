using System.Security.Claims;

namespace Edge.Cloud.Access;

/// <summary>The person or script behind a request: name, role and the sites they may see (null: every site).</summary>
public sealed record Caller(string Name, string Role, IReadOnlyCollection<string>? Sites)
{
    public const string SiteClaim = "edge:site";

    /// <summary>When <c>Cloud:RequireLogin</c> is false, an anonymous caller sees everything (trial and demo only).</summary>
    public static readonly Caller Anonymous = new("anonymous", Roles.Admin, null);

    public bool SeesPlants => Role is Roles.Engineer or Roles.Admin;

    public bool SeesStores => Role is Roles.Operator or Roles.Admin;

    /// <summary>The gateway this caller is, when it is a gateway account with exactly one site; otherwise null.</summary>
    public string? GatewayId => Role == Roles.Gateway && Sites is { Count: 1 } ? Sites.First() : null;

    public bool CanSee(string site) => Sites is null || Sites.Contains(site);

    public static Caller FromPrincipal(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var name = user.Identity?.Name ?? "unknown";
        var role = user.FindFirstValue(ClaimTypes.Role) ?? "";
        var sites = new HashSet<string>(StringComparer.Ordinal);
        foreach (var claim in user.FindAll(SiteClaim))
        {
            sites.Add(claim.Value);
        }

        return new Caller(name, role, role == Roles.Admin || sites.Contains(Roles.AllSites) ? null : sites);
    }

    public static ClaimsPrincipal ToPrincipal(UserAccount account, string scheme)
    {
        ArgumentNullException.ThrowIfNull(account);
        var claims = new List<Claim> { new(ClaimTypes.Name, account.Name), new(ClaimTypes.Role, account.Role) };
        foreach (var site in account.Sites)
        {
            claims.Add(new Claim(SiteClaim, site));
        }

        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme));
    }
}
