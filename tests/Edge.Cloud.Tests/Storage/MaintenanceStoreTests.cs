using Edge.Cloud.Storage;
using Edge.TestKit;
using static Edge.Cloud.Tests.Infrastructure.Envelopes;

namespace Edge.Cloud.Tests.Storage;

/// <summary>
/// The store parts behind machine events, the history export and the model registry, against SQLite and PostgreSQL
/// (the subclasses; PostgreSQL cases skip locally when it is not installed).
/// </summary>
public abstract class MaintenanceStoreTests
{
    protected abstract Task<RelationalCloudStore> CreateStoreAsync();

    [NeedsFact]
    public async Task MachineEvents_AddedOnTwoSites_ListedPerSiteByCursorAndByTimeRange()
    {
        var store = await CreateStoreAsync();
        var first = await store.Events.AddAsync(Event("plant-a", "press-01", Start.AddHours(2), MachineEventKinds.Failure, "bearing"), default);
        await store.Events.AddAsync(Event("plant-b", "lathe-07", Start, MachineEventKinds.Error, "E7"), default);
        var third = await store.Events.AddAsync(Event("plant-a", "press-01", Start.AddHours(1), MachineEventKinds.Maintenance, "repair:bearing"), default);

        var after = await store.Events.ListAfterAsync("plant-a", first, 500, default);
        var all = await store.Events.ListAfterAsync("plant-a", 0, 500, default);
        var range = new List<MachineEventRow>();
        await foreach (var row in store.Events.ReadRangeAsync("plant-a", Start, Start.AddHours(3), default))
        {
            range.Add(row);
        }

        var forMachine = await store.Events.ListForMachineAsync("press-01", ["plant-b"], 10, default);

        Assert.True(third > first);
        Assert.Equal([third], after.Select(e => e.Id));
        Assert.Equal([first, third], all.Select(e => e.Id));
        Assert.Equal(["repair:bearing", "bearing"], range.Select(e => e.Detail));
        Assert.Equal(Start.AddHours(1), range[0].Timestamp);
        Assert.Empty(forMachine);
    }

    [NeedsFact]
    public async Task AddFailureUnlessRecordedAsync_FailureSinceAlreadyThere_AddsNothing()
    {
        var store = await CreateStoreAsync();
        var failure = Event("plant-a", "press-01", Start.AddHours(5), MachineEventKinds.Failure, "alert:a-1");

        var firstId = await store.Events.AddFailureUnlessRecordedAsync(failure, Start, default);
        var secondId = await store.Events.AddFailureUnlessRecordedAsync(failure, Start, default);
        var laterAlert = await store.Events.AddFailureUnlessRecordedAsync(failure with { Timestamp = Start.AddDays(2) }, Start.AddDays(1), default);

        Assert.NotNull(firstId);
        Assert.Null(secondId);
        Assert.NotNull(laterAlert);
    }

    [NeedsFact]
    public async Task History_WindowsOfASite_StreamedByMachineInTimeOrderWithSensorUnion()
    {
        var store = await CreateStoreAsync();
        await store.IngestAsync(
        [
            Wrap("plant-a", 1, Summary("press-01", Start.AddMinutes(1), 71)),
            Wrap("plant-a", 2, Summary("press-01", Start, 70)),
            Wrap("plant-b", 1, Summary("lathe-07", Start, 40)),
        ], Start.AddHours(1), default);

        var windows = new List<HistoryWindow>();
        await foreach (var window in store.History.ReadWindowsAsync("plant-a", Start, Start.AddHours(1), default))
        {
            windows.Add(window);
        }

        Assert.Equal([70.0, 71.0], windows.Select(w => w.Sensors[0].Mean));
        Assert.Equal(Start.AddMinutes(1), windows[0].WindowEnd);
        Assert.Equal(["temperature"], await store.History.ReadSensorNamesAsync("plant-a", Start, Start.AddHours(1), default));
    }

    [NeedsFact]
    public async Task Models_UploadAssignPromoteRollback_KeepsBytesAndStages()
    {
        var store = await CreateStoreAsync();
        byte[] bytes = [1, 2, 3, 0, 255];
        var model = new ModelRow("v1", "history", bytes.Length, "abc", "sig", "ada", Start);

        var added = await store.Models.AddAsync(model, bytes, default);
        var duplicate = await store.Models.AddAsync(model, bytes, default);
        await store.Models.AddAsync(model with { Version = "v2" }, bytes, default);
        await store.Models.ChangeAsync("plant-a", "default", a => a.Assign("v1", ModelStages.Shadow, Start, "ada"), Start, "ada", default);
        var notDue = await store.Models.GetShadowedSinceAsync(Start.AddMinutes(-1), default);
        var due = await store.Models.GetShadowedSinceAsync(Start, default);
        await store.Models.ChangeAsync("plant-a", "default", a => a.Promote(Start.AddDays(1), "ada"), Start, "ada", default);
        await store.Models.ChangeAsync("plant-a", "default", a => a.Assign("v2", ModelStages.Serving, Start.AddDays(2), "ada"), Start, "ada", default);
        var declined = await store.Models.ChangeAsync("plant-b", "default", a => a.Rollback(Start, "ada"), Start, "ada", default);
        var assignment = Assert.Single(await store.Models.GetAssignmentsAsync(["plant-a"], default));

        Assert.True(added);
        Assert.False(duplicate);
        Assert.Equal(bytes, await store.Models.ReadBytesAsync("v1", default));
        Assert.Equal(model, await store.Models.FindAsync("v1", default));
        Assert.Empty(notDue);
        Assert.Equal("v1", Assert.Single(due).Shadow);
        Assert.Null(declined);
        Assert.Equal(("v2", null, "v1"), (assignment.Serving, assignment.Shadow, assignment.Previous));
        Assert.Empty(await store.Models.GetAssignmentsAsync(["plant-b"], default));
    }

    private static MachineEventRow Event(string site, string machine, DateTimeOffset at, string kind, string detail) =>
        new(0, site, machine, at, kind, detail, null, "erin", at);
}
