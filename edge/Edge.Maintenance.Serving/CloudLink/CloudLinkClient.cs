using System.Globalization;
using System.Net.Http.Headers;
using Microsoft.Extensions.Options;

namespace Edge.Maintenance.Serving.CloudLink;

/// <summary>
/// The gateway's calls to the cloud (contract: <c>GET /api/gateway/models</c>, <c>/api/gateway/models/{version}/file</c>,
/// <c>/api/gateway/events?after=</c>), authenticated with the gateway's bearer token. Outbound only.
/// </summary>
public sealed class CloudLinkClient
{
    private readonly HttpClient _http;
    private readonly long _maxModelBytes;

    public CloudLinkClient(HttpClient http, IOptions<CloudLinkOptions> options)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(options);
        _http = http;
        var value = options.Value;
        _maxModelBytes = value.MaxModelBytes;
        if (value.Enabled)
        {
            var baseUrl = value.BaseUrl!.EndsWith('/') ? value.BaseUrl : value.BaseUrl + "/";
            _http.BaseAddress = new Uri(baseUrl, UriKind.Absolute);
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", value.Token);
        }
    }

    public async Task<IReadOnlyList<CloudModelAssignment>> GetAssignmentsAsync(CancellationToken cancellationToken) =>
        await _http.GetFromJsonAsync("api/gateway/models", CloudLinkJsonContext.Default.IReadOnlyListCloudModelAssignment, cancellationToken) ?? [];

    public async Task<IReadOnlyList<CloudMachineEvent>> GetEventsAsync(long after, CancellationToken cancellationToken) =>
        await _http.GetFromJsonAsync(
            string.Create(CultureInfo.InvariantCulture, $"api/gateway/events?after={after}"),
            CloudLinkJsonContext.Default.IReadOnlyListCloudMachineEvent,
            cancellationToken) ?? [];

    /// <summary>The model file's bytes, refusing a body larger than <see cref="CloudLinkOptions.MaxModelBytes"/>.</summary>
    public async Task<byte[]> DownloadModelAsync(string version, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(version);
        using var response = await _http.GetAsync("api/gateway/models/" + Uri.EscapeDataString(version) + "/file", HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        response.EnsureSuccessStatusCode();
        if (response.Content.Headers.ContentLength > _maxModelBytes)
        {
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"model file larger than CloudLink:MaxModelBytes ({_maxModelBytes})"));
        }

        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > _maxModelBytes)
            {
                throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"model file larger than CloudLink:MaxModelBytes ({_maxModelBytes})"));
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
