namespace Edge.Cloud.Tests.Infrastructure;

/// <summary>Tests that need an installed server or browser skip locally when it is missing, and fail in CI (CI=true).</summary>
internal static class Needs
{
    public static bool InCi => Edge.TestKit.Installed.IsCi;

    public const string PostgresBin = "/usr/lib/postgresql/15/bin";

    public static bool PostgreSqlInstalled => File.Exists(Path.Combine(PostgresBin, "initdb"));

    public static string? MosquittoPath => Edge.TestKit.Installed.Find("mosquitto");

    public static bool ChromiumInstalled => File.Exists("/usr/bin/chromium");

    /// <summary>Skips the calling test when <paramref name="available"/> is false, unless running in CI.</summary>
    public static void Require(bool available, string what) =>
        Skip.If(!available && !InCi, $"{what} is not installed (run .ci/needs-cloud.sh); skipped locally, required in CI.");
}
