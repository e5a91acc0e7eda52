using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Edge.Cloud.Hosting;
using Edge.Cloud.Tests.Infrastructure;

namespace Edge.Cloud.Tests.Api;

public sealed partial class AdminCommandTests
{
    [Fact]
    public async Task AdminCreate_ThenLogin_WorksWithThePrintedPasswordOnly()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"edge-admin-{Guid.NewGuid():N}");
        using var output = new StringWriter();

        var exit = await AdminCommand.RunAsync(["admin", "create", "root-admin", $"--Cloud:DataDirectory={folder}", "--Cloud:PasswordIterations=10000"], output, default);
        var again = await AdminCommand.RunAsync(["admin", "create", "root-admin", $"--Cloud:DataDirectory={folder}"], TextWriter.Null, default);
        var password = PasswordPattern().Match(output.ToString()).Groups[1].Value;

        await using var cloud = await CloudApp.StartAsync(new Dictionary<string, string?> { ["Cloud:RequireLogin"] = "true" }, folder);
        using var client = new HttpClient { BaseAddress = new Uri(cloud.Url) };
        using var good = await client.PostAsJsonAsync("/api/login", new { name = "root-admin", password });
        using var bad = await client.PostAsJsonAsync("/api/login", new { name = "root-admin", password = "admin" });

        Assert.Equal(0, exit);
        Assert.Equal(1, again);
        Assert.Equal(System.Net.HttpStatusCode.OK, good.StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, bad.StatusCode);
    }

    [GeneratedRegex(@"Password \(shown once[^)]*\): (\S+)")]
    private static partial Regex PasswordPattern();
}
