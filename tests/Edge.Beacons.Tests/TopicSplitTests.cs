using Edge.Beacons.Inputs;

namespace Edge.Beacons.Tests;

public sealed class TopicSplitTests
{
    [Theory]
    [InlineData("home/omg-1/BTtoMQTT/4A0102035E77")]
    [InlineData("home/omg-1/LWT")]
    [InlineData("espresense/devices/apple:1005:9-26/kitchen")]
    [InlineData("espresense/rooms/kitchen/status")]
    [InlineData("a/b/c/d/e/f/g/h/i")]
    [InlineData("/leading//double/")]
    [InlineData("noslash")]
    [InlineData("")]
    public void SplitTopic_AnyTopic_GivesTheRangesOfTheFrameworkSplit(string topic)
    {
        Span<Range> expected = stackalloc Range[6];
        Span<Range> actual = stackalloc Range[6];

        var expectedCount = topic.AsSpan().Split(expected, '/');
        var actualCount = BeaconIngest.SplitTopic(topic, actual);

        Assert.Equal(expectedCount, actualCount);
        for (var i = 0; i < expectedCount; i++)
        {
            Assert.Equal(topic[expected[i]], topic[actual[i]]);
        }
    }
}
