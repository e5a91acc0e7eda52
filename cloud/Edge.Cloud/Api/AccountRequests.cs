namespace Edge.Cloud.Api;

public sealed record LoginRequest(string Name, string Password);

public sealed record TokenRequest(string? Label);

public sealed record TokenResponse(string Token, string Label);

public sealed record CreateUserRequest(string Name, string Role, string? Password, IReadOnlyList<string>? Sites);

public sealed record CreateUserResponse(string Name, string Role, IReadOnlyList<string> Sites, string? GeneratedPassword);

public sealed record SitesRequest(IReadOnlyList<string> Sites);

public sealed record CallerResponse(string Name, string Role, IReadOnlyCollection<string>? Sites, bool LoginRequired);
