using System.Collections.Frozen;

namespace Edge.Ingest.Fleet;

/// <summary>
/// The running gateway's view of the registry file. The CLI (another process) edits the file; <see cref="Refresh"/>
/// reloads it when its timestamp or size changed, so a revocation takes effect without a restart.
/// </summary>
public sealed class DeviceRegistry
{
    private readonly Lock _gate = new();
    private FrozenDictionary<string, DeviceRecord> _devices = FrozenDictionary<string, DeviceRecord>.Empty;
    private (DateTime WrittenAt, long Length) _version = (DateTime.MinValue, -1);

    public DeviceRegistry(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        Path = path;
        Refresh();
    }

    public string Path { get; }

    public int Count => _devices.Count;

    /// <summary>Reloads the file if it changed; true when it did.</summary>
    public bool Refresh()
    {
        lock (_gate)
        {
            var info = new FileInfo(Path);
            var version = info.Exists ? (info.LastWriteTimeUtc, info.Length) : (DateTime.MinValue, -1L);
            if (version == _version)
            {
                return false;
            }

            try
            {
                _devices = DeviceRegistryFile.Load(Path).ToFrozenDictionary(device => device.Id, StringComparer.Ordinal);
            }
            catch (IOException)
            {
                // Being replaced right now: the next poll reads the new file.
                return false;
            }

            _version = version;
            return true;
        }
    }

    public DeviceAuthentication Authenticate(string? deviceId, string? secret)
    {
        if (deviceId is null)
        {
            return DeviceAuthentication.UnknownDevice;
        }

        if (!_devices.TryGetValue(deviceId, out var device))
        {
            // Added a moment ago by `devices add`: do not make the device wait for the next poll.
            Refresh();
            _devices.TryGetValue(deviceId, out device);
        }

        if (device is null)
        {
            return DeviceAuthentication.UnknownDevice;
        }

        if (device.IsRevoked)
        {
            return DeviceAuthentication.Revoked;
        }

        return DeviceSecretHasher.Verify(secret, device.SecretHash) ? DeviceAuthentication.Accepted : DeviceAuthentication.WrongSecret;
    }

    /// <summary>True while <paramref name="deviceId"/> is registered and not revoked.</summary>
    public bool IsActive(string deviceId) => _devices.TryGetValue(deviceId, out var device) && !device.IsRevoked;
}
