namespace Edge.Cloud.Access;

/// <summary>A user, the role and the sites (gateway ids) granted. No password here: that stays in the store.</summary>
public sealed record UserAccount(string Name, string Role, IReadOnlyList<string> Sites, DateTimeOffset CreatedAt);
