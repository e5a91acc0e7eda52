using System.Collections.Concurrent;
using System.Security.Cryptography;
using Edge.Maintenance.Serving.CloudLink;
using Edge.TestKit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Edge.Maintenance.Serving.Tests.CloudLink;

/// <summary>
/// The cloud's gateway endpoints (contract section 3) on a real Kestrel on loopback: models assigned to the gateway,
/// their files, machine events; bearer-token checked; model files signed with a P-256 key made for the test.
/// </summary>
internal sealed class FakeCloud : IAsyncDisposable
{
    public const string Token = "gateway-token-for-tests";

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, byte[]> _files = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<CloudMachineEvent> _events = new();
    private volatile IReadOnlyList<CloudModelAssignment> _assignments = [];

    private FakeCloud(WebApplication app, ECDsa key, string baseUrl)
    {
        _app = app;
        Key = key;
        BaseUrl = baseUrl;
    }

    public ECDsa Key { get; }

    public string BaseUrl { get; }

    public string PublicKeyPem => Key.ExportSubjectPublicKeyInfoPem();

    public int Downloads;

    public int Unauthorized;

    public static async Task<FakeCloud> StartAsync()
    {
        var port = FreePort.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var app = builder.Build();
        var cloud = new FakeCloud(app, ECDsa.Create(ECCurve.NamedCurves.nistP256), $"http://127.0.0.1:{port}/");
        app.Use(async (context, next) =>
        {
            if (context.Request.Headers.Authorization != "Bearer " + Token)
            {
                Interlocked.Increment(ref cloud.Unauthorized);
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                return;
            }

            await next(context);
        });
        app.MapGet("/api/gateway/models", () => Results.Json(cloud._assignments, CloudLinkJsonContext.Default.IReadOnlyListCloudModelAssignment));
        app.MapGet("/api/gateway/models/{version}/file", (string version) =>
        {
            Interlocked.Increment(ref cloud.Downloads);
            return cloud._files.TryGetValue(version, out var bytes) ? Results.File(bytes, "application/zip") : Results.NotFound();
        });
        app.MapGet("/api/gateway/events", (long after) =>
            Results.Json((IReadOnlyList<CloudMachineEvent>)[.. cloud._events.Where(e => e.Id > after).OrderBy(e => e.Id).Take(500)], CloudLinkJsonContext.Default.IReadOnlyListCloudMachineEvent));
        await app.StartAsync();
        return cloud;
    }

    /// <summary>Publishes a model file; the signature is made with <paramref name="signer"/> (default: the cloud's key).</summary>
    public CloudModelAssignment Upload(string version, byte[] file, string kind = "default", string stage = CloudModelStages.Shadow, ECDsa? signer = null, bool signed = true)
    {
        _files[version] = file;
        return new CloudModelAssignment
        {
            MachineKind = kind,
            Stage = stage,
            Version = version,
            Sha256 = Convert.ToHexStringLower(SHA256.HashData(file)),
            Signature = signed ? Convert.ToBase64String((signer ?? Key).SignData(file, HashAlgorithmName.SHA256)) : null,
            Size = file.Length,
        };
    }

    /// <summary>Replaces the bytes served for <paramref name="version"/> (the signature stays that of the original).</summary>
    public void Tamper(string version, byte[] file) => _files[version] = file;

    public void Assign(params CloudModelAssignment[] assignments) => _assignments = assignments;

    public void AddEvent(CloudMachineEvent machineEvent) => _events.Enqueue(machineEvent);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        Key.Dispose();
    }
}
