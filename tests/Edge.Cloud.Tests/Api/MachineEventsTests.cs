using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Edge.Cloud.Tests.Infrastructure;

namespace Edge.Cloud.Tests.Api;

public sealed class MachineEventsTests
{
    [Fact]
    public async Task Post_EngineerOfTheSite_StoresListsAndAuditsTheEvent()
    {
        await using var cloud = await SeededCloud.StartAsync();
        using var erin = await cloud.LoginAsync("erin");
        using var ada = await cloud.LoginAsync("ada");
        var at = DateTimeOffset.UtcNow.AddHours(-3);

        using var created = await erin.PostAsJsonAsync("/api/machines/press-01/events?site=plant-a",
            new { timestamp = at.ToString("O"), kind = "failure", detail = "bearing", comment = "seized at shift start" });
        using var repair = await erin.PostAsJsonAsync("/api/machines/press-01/events?site=plant-a", new { kind = "repair", detail = "bearing" });
        var list = await erin.GetFromJsonAsync<JsonElement>("/api/machines/press-01/events?site=plant-a");
        var audit = await ada.GetFromJsonAsync<JsonElement>("/api/audit");

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.Created, repair.StatusCode);
        var events = list.EnumerateArray().ToList();
        Assert.Equal(2, events.Count);
        Assert.Equal(("maintenance", "repair:bearing"), (events[0].GetProperty("kind").GetString(), events[0].GetProperty("detail").GetString()));
        Assert.Equal(("failure", "bearing"), (events[1].GetProperty("kind").GetString(), events[1].GetProperty("detail").GetString()));
        Assert.Equal(at.ToUnixTimeSeconds(), events[1].GetProperty("timestamp").GetDateTimeOffset().ToUnixTimeSeconds());
        Assert.Equal("erin", events[1].GetProperty("recordedBy").GetString());
        Assert.Equal("seized at shift start", events[1].GetProperty("comment").GetString());
        Assert.Equal(2, audit.EnumerateArray().Count(e => e.GetProperty("action").GetString() == "machine-event.create"
            && e.GetProperty("actor").GetString() == "erin" && e.GetProperty("target").GetString() == "plant-a/press-01"));
    }

    [Fact]
    public async Task Post_OperatorOrOtherSiteOrNoSite_IsRefused()
    {
        await using var cloud = await SeededCloud.StartAsync();
        using var erin = await cloud.LoginAsync("erin");
        using var oscar = await cloud.LoginAsync("oscar");
        var body = new { kind = "failure", detail = "bearing" };

        using var operatorPost = await oscar.PostAsJsonAsync("/api/machines/press-01/events?site=plant-a", body);
        using var otherSite = await erin.PostAsJsonAsync("/api/machines/lathe-07/events?site=plant-b", body);
        using var otherSiteRead = await erin.GetAsync("/api/machines/lathe-07/events?site=plant-b");
        using var noSite = await erin.PostAsJsonAsync("/api/machines/press-01/events", body);
        using var anonymous = await cloud.Anonymous().PostAsJsonAsync("/api/machines/press-01/events?site=plant-a", body);
        var stored = await erin.GetFromJsonAsync<JsonElement>("/api/machines/press-01/events");

        Assert.Equal(HttpStatusCode.Forbidden, operatorPost.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, otherSite.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, otherSiteRead.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, noSite.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Empty(stored.EnumerateArray());
    }

    [Theory]
    [InlineData("""{"kind":"explosion","detail":"x"}""", "kind")]
    [InlineData("""{"kind":"failure"}""", "detail")]
    [InlineData("""{"kind":"maintenance","detail":"  "}""", "detail")]
    [InlineData("""{"kind":"error","detail":"E42","timestamp":"yesterday"}""", "timestamp")]
    [InlineData("""{"kind":"error","detail":"E42","timestamp":"2099-01-01T00:00:00Z"}""", "timestamp")]
    public async Task Post_InvalidEvent_Returns400NamingTheField(string json, string field)
    {
        await using var cloud = await SeededCloud.StartAsync();
        using var erin = await cloud.LoginAsync("erin");

        using var response = await erin.PostAsync("/api/machines/press-01/events?site=plant-a", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out var messages), problem.ToString());
        Assert.False(string.IsNullOrWhiteSpace(messages[0].GetString()));
    }

    [Fact]
    public async Task Resolve_WithOutcome_StoredShownInHistoryAndRealRecordsAFailureOnce()
    {
        await using var cloud = await SeededCloud.StartAsync();
        using var erin = await cloud.LoginAsync("erin");

        using var bad = await erin.PostAsJsonAsync("/api/alerts/plant-a/a-1/resolve", new { comment = "?", outcome = "maybe" });
        using var resolved = await erin.PostAsJsonAsync("/api/alerts/plant-a/a-1/resolve", new { comment = "bearing worn", outcome = "real" });
        using var again = await erin.PostAsJsonAsync("/api/alerts/plant-a/a-1/resolve", new { outcome = "real" });
        var alert = await erin.GetFromJsonAsync<JsonElement>("/api/alerts/plant-a/a-1");
        var history = await erin.GetFromJsonAsync<JsonElement>("/api/alerts/plant-a/a-1/history");
        var events = await erin.GetFromJsonAsync<JsonElement>("/api/machines/press-01/events?site=plant-a");

        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal(HttpStatusCode.OK, resolved.StatusCode);
        Assert.Equal("real", alert.GetProperty("outcome").GetString());
        Assert.Equal("real", history.EnumerateArray().Last().GetProperty("outcome").GetString());
        var failure = Assert.Single(events.EnumerateArray());
        Assert.Equal("failure", failure.GetProperty("kind").GetString());
        Assert.Equal("alert:a-1", failure.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Resolve_FalseAlarm_IsStoredAndRecordsNoEvent()
    {
        await using var cloud = await SeededCloud.StartAsync();
        using var erin = await cloud.LoginAsync("erin");

        using var resolved = await erin.PostAsJsonAsync("/api/alerts/plant-a/a-1/resolve", new { outcome = "false-alarm" });
        var alert = await resolved.Content.ReadFromJsonAsync<JsonElement>();
        var events = await erin.GetFromJsonAsync<JsonElement>("/api/machines/press-01/events?site=plant-a");

        Assert.Equal("false-alarm", alert.GetProperty("outcome").GetString());
        Assert.Empty(events.EnumerateArray());
    }
}
