namespace Edge.Cloud.Access;

/// <summary>
/// Who sees what: engineers see plant data (machines, alerts, predictions), operators see store data (footfall), admins see
/// and manage everything. A gateway account (one site: its own gateway id) may call only <c>/api/gateway/*</c>.
/// </summary>
public static class Roles
{
    public const string Engineer = "engineer";
    public const string Operator = "operator";
    public const string Admin = "admin";
    public const string Gateway = "gateway";

    /// <summary>A grant of this site means every site.</summary>
    public const string AllSites = "*";

    /// <summary>The roles people have (what <c>POST /api/users</c> accepts).</summary>
    public static bool IsKnown(string? role) => role is Engineer or Operator or Admin;
}
