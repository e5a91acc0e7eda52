using System.Globalization;
using System.Text;
using Edge.Ingest.Fleet;

namespace Edge.Tools.Fleet;

/// <summary>The table <c>devices list</c> prints: one line per registered device (and per unregistered one that sent something).</summary>
public static class DeviceListFormatter
{
    public static string Format(IReadOnlyList<DeviceRecord> devices, DeviceActivityDocument? activity)
    {
        ArgumentNullException.ThrowIfNull(devices);
        var byId = activity?.Devices.ToDictionary(device => device.DeviceId, StringComparer.Ordinal) ?? [];
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"{"DEVICE",-24} {"STATE",-10} {"LAST SEEN (UTC)",-20} {"MESSAGES",10} {"READINGS",10} {"DUPLICATES",10}  REJECTIONS");
        var ids = devices.Select(device => device.Id).Union(byId.Keys, StringComparer.Ordinal).Order(StringComparer.Ordinal);
        foreach (var id in ids)
        {
            var record = devices.FirstOrDefault(device => device.Id == id);
            byId.TryGetValue(id, out var seen);
            var state = record is null ? "unknown" : record.IsRevoked ? "revoked" : seen?.Online == true ? "online" : "offline";
            var lastSeen = seen?.LastSeen?.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) ?? "never";
            var rejections = seen is null || seen.Rejections.Count == 0
                ? "-"
                : string.Join(", ", seen.Rejections.OrderBy(pair => pair.Key, StringComparer.Ordinal).Select(pair => $"{pair.Key}={pair.Value}"));
            text.AppendLine(CultureInfo.InvariantCulture,
                $"{id,-24} {state,-10} {lastSeen,-20} {seen?.Messages ?? 0,10} {seen?.Readings ?? 0,10} {seen?.Duplicates ?? 0,10}  {rejections}");
        }

        if (activity is not null)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"(activity as of {activity.WrittenAt.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC)");
        }

        return text.ToString();
    }
}
