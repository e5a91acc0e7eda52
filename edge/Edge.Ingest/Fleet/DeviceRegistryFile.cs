using System.Text.Json;
using Edge.Contracts;

namespace Edge.Ingest.Fleet;

/// <summary>
/// Reads and writes the registry file. Writes go to a temporary file renamed over the old one, so a running gateway
/// polling the file never reads half of it.
/// </summary>
public static class DeviceRegistryFile
{
    public static IReadOnlyList<DeviceRecord> Load(string path)
    {
        if (!File.Exists(path))
        {
            return [];
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        return JsonSerializer.Deserialize(stream, FleetJsonContext.Default.DeviceRegistryDocument)?.Devices ?? [];
    }

    public static void Save(string path, IReadOnlyList<DeviceRecord> devices)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var temporary = path + ".tmp";
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            JsonSerializer.Serialize(stream, new DeviceRegistryDocument(devices), FleetJsonContext.Default.DeviceRegistryDocument);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>Adds <paramref name="deviceId"/> with a new secret and returns the secret (the only time it exists in clear).</summary>
    public static string Add(string path, string deviceId, DateTimeOffset now)
    {
        if (!SafeLabel.IsValid(deviceId, out var reason))
        {
            throw new ArgumentException($"'{deviceId}' is not a valid device id: {reason}.", nameof(deviceId));
        }

        var devices = Load(path).ToList();
        if (devices.Any(device => device.Id == deviceId && !device.IsRevoked))
        {
            throw new InvalidOperationException($"Device '{deviceId}' already exists; revoke it first to issue new credentials.");
        }

        var secret = DeviceSecretHasher.GenerateSecret();
        devices.RemoveAll(device => device.Id == deviceId);
        devices.Add(new DeviceRecord(deviceId, DeviceSecretHasher.Hash(secret), now));
        Save(path, devices);
        return secret;
    }

    /// <summary>Marks <paramref name="deviceId"/> revoked; false when it is unknown or already revoked.</summary>
    public static bool Revoke(string path, string deviceId, DateTimeOffset now)
    {
        var devices = Load(path).ToList();
        var index = devices.FindIndex(device => device.Id == deviceId && !device.IsRevoked);
        if (index < 0)
        {
            return false;
        }

        devices[index] = devices[index] with { RevokedAt = now };
        Save(path, devices);
        return true;
    }
}
