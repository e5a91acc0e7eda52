using System.Collections.Concurrent;
using System.Text.Json;
using Edge.Cloud.Kernel;
using Edge.Cloud.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

using static Edge.Cloud.Tests.Infrastructure.Envelopes;

namespace Edge.Cloud.Tests.Notifications;

public sealed class WebhookTests
{
    [Fact]
    public async Task AlertFromGateway_ReceiverFailsTwice_IsDeliveredOnTheThirdAttempt()
    {
        var attempts = new ConcurrentQueue<string>();
        var delivered = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var receiverUrl = $"http://127.0.0.1:{Edge.TestKit.FreePort.Next()}";
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(receiverUrl);
        await using var receiver = builder.Build();
        receiver.MapPost("/hook", async (HttpRequest request) =>
        {
            using var reader = new StreamReader(request.Body);
            var body = await reader.ReadToEndAsync();
            attempts.Enqueue(body);
            if (attempts.Count < 3)
            {
                return Results.StatusCode(503);
            }

            delivered.TrySetResult(body);
            return Results.Ok();
        });
        await receiver.StartAsync();

        await using var cloud = await CloudApp.StartAsync(new Dictionary<string, string?>
        {
            ["Cloud:Webhook:Url"] = $"{receiverUrl}/hook",
            ["Cloud:Webhook:FirstRetryDelay"] = "00:00:00.050",
        });
        var port = cloud.Services.GetRequiredService<IOptions<CloudOptions>>().Value.BrokerPort;
        await using (var gateway = await UplinkPublisher.ConnectAsync(port, "plant-a"))
        {
            await gateway.PublishAsync(Wrap("plant-a", 7, Alert("a-9", "press-01", "critical", "open", Start, 4)));
        }

        var body = await delivered.Task.WaitAsync(TimeSpan.FromSeconds(20));

        using var json = JsonDocument.Parse(body);
        Assert.Equal(3, attempts.Count);
        Assert.Equal("plant-a:7", json.RootElement.GetProperty("id").GetString());
        Assert.Equal("a-9", json.RootElement.GetProperty("alertId").GetString());
        Assert.Equal("critical", json.RootElement.GetProperty("severity").GetString());
        Assert.Equal(4, json.RootElement.GetProperty("predictedRemainingLife").GetDouble());
        Assert.All(attempts, a => Assert.Equal(body, a));
        using var http = new HttpClient { BaseAddress = new Uri(cloud.Url) };
        var metrics = await http.GetStringAsync("/metrics");
        Assert.Contains("edge_cloud_ingest_stored", metrics, StringComparison.Ordinal);
        Assert.Contains("edge_cloud_webhook_delivered", metrics, StringComparison.Ordinal);
    }
}
