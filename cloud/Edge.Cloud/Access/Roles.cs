namespace Edge.Cloud.Access;

/// <summary>Who sees what: engineers see plant data (machines, alerts, predictions), operators see store data (footfall), admins see and manage everything.</summary>
public static class Roles
{
    public const string Engineer = "engineer";
    public const string Operator = "operator";
    public const string Admin = "admin";

    /// <summary>A grant of this site means every site.</summary>
    public const string AllSites = "*";

    public static bool IsKnown(string? role) => role is Engineer or Operator or Admin;
}
