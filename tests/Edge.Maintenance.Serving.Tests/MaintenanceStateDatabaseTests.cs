using Edge.Maintenance.Serving.State;

namespace Edge.Maintenance.Serving.Tests;

public sealed class MaintenanceStateDatabaseTests
{
    private readonly string _path = Path.Combine(Directory.CreateTempSubdirectory("edge-state-").FullName, "maintenance.db");

    [Fact]
    public void SaveStates_Reopened_ReturnsLatestPerMachine()
    {
        var at = new DateTimeOffset(2026, 12, 8, 0, 0, 0, TimeSpan.Zero);
        using (var database = new MaintenanceStateDatabase(_path))
        {
            database.SaveStates([new("m1", [1, 2, 3]), new("m2", [4])], at);
            database.SaveStates([new("m1", [9])], at.AddMinutes(1));
            database.SetCursor("cursor", 17);
        }

        using var reopened = new MaintenanceStateDatabase(_path);
        var states = reopened.LoadStates();
        Assert.Equal([9], states["m1"]);
        Assert.Equal([4], states["m2"]);
        Assert.Equal(17, reopened.GetCursor("cursor"));
        reopened.DeleteState("m2");
        Assert.False(reopened.LoadStates().ContainsKey("m2"));
    }

    [Fact]
    public void AppendEvent_SameCloudIdTwice_StoredOnce()
    {
        using var database = new MaintenanceStateDatabase(_path);
        var at = new DateTimeOffset(2026, 12, 8, 0, 0, 0, TimeSpan.Zero);
        Assert.True(database.AppendEvent(new StoredMachineEvent("m1", at, "failure", "bearing", "cloud", 5)));
        Assert.False(database.AppendEvent(new StoredMachineEvent("m1", at, "failure", "bearing", "cloud", 5)));
        Assert.True(database.AppendEvent(new StoredMachineEvent("m1", at, "maintenance", "", "local", null)));
        Assert.True(database.AppendEvent(new StoredMachineEvent("m1", at, "maintenance", "", "local", null)));
        Assert.Equal(3, database.Events("m1", 10).Count);
        Assert.Empty(database.Events("m2", 10));
    }
}
