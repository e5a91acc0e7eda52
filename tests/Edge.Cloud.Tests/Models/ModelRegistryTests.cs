using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Edge.Cloud.Models;
using Edge.Cloud.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Edge.Cloud.Tests.Models;

public sealed class ModelRegistryTests
{
    [Fact]
    public async Task Upload_ByAdmin_StoresHashAndASignatureThatVerifiesWithThePublicKeyAndFailsOnOneChangedByte()
    {
        await using var cloud = await SeededCloud.StartAsync();
        using var ada = await cloud.LoginAsync("ada");
        var file = ModelFiles.Zip("hist-1");

        using var uploaded = await ada.PostAsync("/api/models", ModelFiles.Content(file));
        var model = await uploaded.Content.ReadFromJsonAsync<JsonElement>();
        var publicKey = await ada.GetStringAsync("/api/models/public-key");
        var listed = await ada.GetFromJsonAsync<JsonElement>("/api/models");

        Assert.Equal(HttpStatusCode.Created, uploaded.StatusCode);
        Assert.Equal("hist-1", model.GetProperty("version").GetString());
        Assert.Equal("history", model.GetProperty("kind").GetString());
        Assert.Equal(file.Length, model.GetProperty("size").GetInt64());
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(file)), model.GetProperty("sha256").GetString());
        Assert.StartsWith("-----BEGIN PUBLIC KEY-----", publicKey, StringComparison.Ordinal);
        Assert.Equal("hist-1", Assert.Single(listed.EnumerateArray()).GetProperty("version").GetString());

        // What a gateway does with the pinned key: the BCL's ECDSA, SHA-256, IEEE P1363 over the exact bytes.
        using var key = ECDsa.Create();
        key.ImportFromPem(publicKey);
        var signature = Convert.FromBase64String(model.GetProperty("signature").GetString()!);
        var tampered = (byte[])file.Clone();
        tampered[file.Length / 2] ^= 0x01;
        Assert.True(key.VerifyData(file, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation));
        Assert.False(key.VerifyData(tampered, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation));
    }

    [Fact]
    public async Task Upload_NotAdminNotZipNoManifestDuplicateOrTooLarge_IsRefusedWithAReason()
    {
        await using var cloud = await SeededCloud.StartAsync(new Dictionary<string, string?> { ["Models:MaxModelBytes"] = "20000" });
        using var ada = await cloud.LoginAsync("ada");
        using var erin = await cloud.LoginAsync("erin");

        using var engineer = await erin.PostAsync("/api/models", ModelFiles.Content(ModelFiles.Zip("hist-1")));
        using var notZip = await ada.PostAsync("/api/models", ModelFiles.Content("not a zip at all"u8.ToArray()));
        using var noManifest = await ada.PostAsync("/api/models", ModelFiles.Content(ModelFiles.Zip("")));
        using var badVersion = await ada.PostAsync("/api/models", ModelFiles.Content(ModelFiles.Zip("x", manifest: """{"kind":"history","version":"../etc"}""")));
        using var first = await ada.PostAsync("/api/models", ModelFiles.Content(ModelFiles.Zip("hist-1")));
        using var duplicate = await ada.PostAsync("/api/models", ModelFiles.Content(ModelFiles.Zip("hist-1", payloadBytes: 100)));
        using var tooLarge = await ada.PostAsync("/api/models", ModelFiles.Content(RandomNumberGenerator.GetBytes(30_000)));

        Assert.Equal(HttpStatusCode.Forbidden, engineer.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, notZip.StatusCode);
        Assert.Contains("not a zip", await notZip.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, noManifest.StatusCode);
        Assert.Contains("manifest.json", await noManifest.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, badVersion.StatusCode);
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);
    }

    [Fact]
    public async Task AssignPromoteRollback_ByAdmin_MovesVersionsThroughStagesAndAuditsEachStep()
    {
        await using var cloud = await SeededCloud.StartAsync();
        using var ada = await cloud.LoginAsync("ada");
        using var erin = await cloud.LoginAsync("erin");
        await ada.PostAsync("/api/models", ModelFiles.Content(ModelFiles.Zip("hist-1")));
        await ada.PostAsync("/api/models", ModelFiles.Content(ModelFiles.Zip("hist-22")));

        using var engineerAssign = await erin.PostAsJsonAsync("/api/models/assign", new { site = "plant-a", version = "hist-1" });
        using var unknown = await ada.PostAsJsonAsync("/api/models/assign", new { site = "plant-a", version = "nope" });
        using var nothingToPromote = await ada.PostAsJsonAsync("/api/models/promote", new { site = "plant-a" });
        var shadow = await Json(await ada.PostAsJsonAsync("/api/models/assign", new { site = "plant-a", version = "hist-1" }));
        var firstServing = await Json(await ada.PostAsJsonAsync("/api/models/promote", new { site = "plant-a", machineKind = "default" }));
        await ada.PostAsJsonAsync("/api/models/assign", new { site = "plant-a", version = "hist-22", stage = "shadow" });
        var secondServing = await Json(await ada.PostAsJsonAsync("/api/models/promote", new { site = "plant-a" }));
        var rolledBack = await Json(await ada.PostAsJsonAsync("/api/models/rollback", new { site = "plant-a" }));
        using var rollbackAgain = await ada.PostAsJsonAsync("/api/models/rollback", new { site = "plant-a" });
        var engineerView = await erin.GetFromJsonAsync<JsonElement>("/api/sites/models");
        var audit = await ada.GetFromJsonAsync<JsonElement>("/api/audit");

        Assert.Equal(HttpStatusCode.Forbidden, engineerAssign.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, nothingToPromote.StatusCode);
        Assert.Equal(("hist-1", JsonValueKind.Null), (shadow.GetProperty("shadow").GetString(), shadow.GetProperty("serving").ValueKind));
        Assert.Equal("hist-1", firstServing.GetProperty("serving").GetString());
        Assert.Equal(("hist-22", "hist-1"), (secondServing.GetProperty("serving").GetString(), secondServing.GetProperty("previous").GetString()));
        Assert.Equal("hist-1", rolledBack.GetProperty("serving").GetString());
        Assert.Equal(HttpStatusCode.Conflict, rollbackAgain.StatusCode);
        var site = Assert.Single(engineerView.EnumerateArray());
        Assert.Equal(("plant-a", "default", "hist-1"), (site.GetProperty("site").GetString(), site.GetProperty("machineKind").GetString(), site.GetProperty("serving").GetString()));
        var actions = audit.EnumerateArray().Where(e => e.GetProperty("actor").GetString() == "ada").Select(e => e.GetProperty("action").GetString()).ToList();
        Assert.Equal(2, actions.Count(a => a == "model.upload"));
        Assert.Equal(2, actions.Count(a => a == "model.assign"));
        Assert.Equal(2, actions.Count(a => a == "model.promote"));
        Assert.Equal(1, actions.Count(a => a == "model.rollback"));
    }

    [Fact]
    public async Task RunOnceAsync_ShadowForShadowDays_PromotesOnlyThenAndAudits()
    {
        await using var cloud = await SeededCloud.StartAsync(new Dictionary<string, string?> { ["Models:ShadowDays"] = "7" });
        using var ada = await cloud.LoginAsync("ada");
        await ada.PostAsync("/api/models", ModelFiles.Content(ModelFiles.Zip("hist-1")));
        await ada.PostAsJsonAsync("/api/models/assign", new { site = "plant-a", version = "hist-1" });
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow.AddDays(6));
        var service = new ModelPromotionService(
            cloud.App.Services.GetRequiredService<ModelRegistry>(), clock, cloud.App.Services.GetRequiredService<IOptions<ModelsOptions>>(), NullLogger<ModelPromotionService>.Instance);

        var early = await service.RunOnceAsync(default);
        var stillShadow = Assert.Single((await ada.GetFromJsonAsync<JsonElement>("/api/sites/models")).EnumerateArray());
        clock.Advance(TimeSpan.FromDays(1.1));
        var due = await service.RunOnceAsync(default);
        var again = await service.RunOnceAsync(default);
        var promoted = Assert.Single((await ada.GetFromJsonAsync<JsonElement>("/api/sites/models")).EnumerateArray());
        var audit = await ada.GetFromJsonAsync<JsonElement>("/api/audit");

        Assert.Equal((0, 1, 0), (early, due, again));
        Assert.Equal("hist-1", stillShadow.GetProperty("shadow").GetString());
        Assert.Equal(("hist-1", JsonValueKind.Null), (promoted.GetProperty("serving").GetString(), promoted.GetProperty("shadow").ValueKind));
        Assert.Contains(audit.EnumerateArray(), e => e.GetProperty("actor").GetString() == "system" && e.GetProperty("action").GetString() == "model.promote");
    }

    [Fact]
    public async Task SigningKey_FirstStart_CreatedOwnerOnlyAtStart()
    {
        await using var cloud = await CloudApp.StartAsync();
        var path = Path.Combine(cloud.Services.GetRequiredService<IOptions<Edge.Cloud.Kernel.CloudOptions>>().Value.DataDirectory, "model-signing-key.pem");

        var existsAtStart = File.Exists(path);
        var mode = OperatingSystem.IsWindows() ? UnixFileMode.UserRead | UnixFileMode.UserWrite : File.GetUnixFileMode(path);
        using var key = ECDsa.Create();
        key.ImportFromPem(await File.ReadAllTextAsync(path));

        Assert.True(existsAtStart);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, mode);
        Assert.Equal(key.ExportSubjectPublicKeyInfoPem(), cloud.Services.GetRequiredService<ModelSigner>().PublicKeyPem);
    }

    [Fact]
    public async Task SigningKey_PresentAtConfiguredPath_IsUsed()
    {
        var keyFile = Path.Combine(Path.GetTempPath(), $"edge-key-{Guid.NewGuid():N}.pem");
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        await File.WriteAllTextAsync(keyFile, key.ExportPkcs8PrivateKeyPem());
        try
        {
            await using var cloud = await CloudApp.StartAsync(new Dictionary<string, string?> { ["Models:SigningKeyPath"] = keyFile });
            using var client = new HttpClient { BaseAddress = new Uri(cloud.Url) };

            Assert.Equal(key.ExportSubjectPublicKeyInfoPem(), await client.GetStringAsync("/api/models/public-key"));
        }
        finally
        {
            File.Delete(keyFile);
        }
    }

    private static async Task<JsonElement> Json(HttpResponseMessage response)
    {
        using (response)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return await response.Content.ReadFromJsonAsync<JsonElement>();
        }
    }
}
