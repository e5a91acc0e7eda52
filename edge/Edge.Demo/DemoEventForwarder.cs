using System.Net.Http.Json;
using System.Threading.Channels;
using Edge.Simulator.Plant;

namespace Edge.Demo;

/// <summary>
/// Tells the gateway what an engineer (failures, repairs, maintenance) and the machine's controller (error codes) would:
/// each simulated event is posted to the gateway's <c>POST /api/maintenance/machines/{machine}/events</c> with its plant
/// time (the simulator's clock; the gateway's scaled clock starts at its first scored window, a few seconds later, so
/// the two differ by up to an hour of plant time). A maintenance or failure restarts that machine's feature state there. Events queue in
/// a bounded channel (1,000; when full the oldest is dropped and counted); a gateway without the endpoint (404) is
/// counted, not retried.
/// </summary>
internal sealed class DemoEventForwarder
{
    private readonly Channel<PlantEvent> _events = Channel.CreateBounded<PlantEvent>(new BoundedChannelOptions(1000)
    {
        FullMode = BoundedChannelFullMode.DropOldest,
        SingleReader = true,
    });

    private readonly HttpClient _http;
    private long _forwarded;
    private long _refused;

    public DemoEventForwarder(HttpClient http) => _http = http;

    public long Forwarded => Interlocked.Read(ref _forwarded);

    public long Refused => Interlocked.Read(ref _refused);

    public void Enqueue(PlantEvent plantEvent)
    {
        if (!_events.Writer.TryWrite(plantEvent))
        {
            Interlocked.Increment(ref _refused);
        }
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var plantEvent in _events.Reader.ReadAllAsync(cancellationToken))
            {
                try
                {
                    using var response = await _http.PostAsJsonAsync(
                        $"/api/maintenance/machines/{Uri.EscapeDataString(plantEvent.Machine)}/events",
                        new DemoEventBody(plantEvent.Timestamp, plantEvent.Kind, plantEvent.Detail),
                        DemoJsonContext.Default.DemoEventBody,
                        cancellationToken);
                    Interlocked.Increment(ref response.IsSuccessStatusCode ? ref _forwarded : ref _refused);
                }
                catch (HttpRequestException)
                {
                    Interlocked.Increment(ref _refused);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }
}
