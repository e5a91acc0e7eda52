namespace Edge.Maintenance.Serving.Tests;

public sealed class MachineKindsTests
{
    [Theory]
    [InlineData("press-*", "press-7", true)]
    [InlineData("press-*", "pump-1", false)]
    [InlineData("m?", "m1", true)]
    [InlineData("m?", "m12", false)]
    [InlineData("*-line2-*", "press-line2-04", true)]
    [InlineData("*", "", true)]
    [InlineData("abc", "abcd", false)]
    public void Matches_Glob_MatchesWholeId(string pattern, string machine, bool expected) =>
        Assert.Equal(expected, MachineKinds.Matches(pattern, machine));

    [Fact]
    public void KindOf_SeveralPatterns_MostSpecificWinsAndUnmatchedIsDefault()
    {
        var kinds = new MachineKinds(new Dictionary<string, string> { ["*"] = "any", ["press-*"] = "press", ["press-7"] = "old-press" });
        Assert.Equal("old-press", kinds.KindOf("press-7"));
        Assert.Equal("press", kinds.KindOf("press-8"));
        Assert.Equal("any", kinds.KindOf("pump-1"));
        Assert.Equal("default", new MachineKinds(new Dictionary<string, string> { ["press-*"] = "press" }).KindOf("pump-1"));
    }
}
