using Edge.Maintenance.Serving;

namespace Edge.Maintenance.Serving.Tests;

public sealed class TopFeatureTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(40)]
    public void Select_RandomContributionsWithTiesAndZeros_SameAsSortingByMagnitude(int count)
    {
        var random = new Random(7);
        for (var round = 0; round < 200; round++)
        {
            var n = random.Next(0, 60);
            // Few distinct magnitudes, both signs, and zeros: ties must keep the order of the features.
            var contributions = Enumerable.Range(0, n).Select(_ => (float)(random.Next(-4, 5) * 0.25)).ToArray();
            var features = Enumerable.Range(0, n).Select(i => i * 1.5f).ToArray();
            var expected = Enumerable.Range(0, n)
                .Where(i => contributions[i] != 0)
                .OrderByDescending(i => Math.Abs(contributions[i]))
                .Take(count)
                .ToArray();

            var top = TopFeature.Select(features, contributions, count);

            Assert.Equal(expected, top.Select(t => t.Index));
            Assert.All(top, t => Assert.Equal((features[t.Index], contributions[t.Index]), (t.Value, t.Contribution)));
        }
    }

    [Fact]
    public void Select_CountZero_SelectsNothing()
    {
        Assert.Empty(TopFeature.Select([1f, 2f], [0.5f, -0.25f], 0));
    }
}
