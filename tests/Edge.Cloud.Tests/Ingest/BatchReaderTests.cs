using System.Buffers;
using System.Text;
using Edge.Cloud.Ingest;
using Edge.Cloud.Tests.Infrastructure;
using static Edge.Cloud.Tests.Infrastructure.Envelopes;

namespace Edge.Cloud.Tests.Ingest;

public sealed class BatchReaderTests
{
    [Fact]
    public void TryRead_ValidBatch_ReturnsEveryRecordInOrder()
    {
        var bytes = UplinkPublisher.BatchBytes("plant-a", [Wrap("plant-a", 7, Summary("m-1", Start, 1)), Wrap("plant-a", 8, Health("1.0", 3, 12))]);

        var batch = BatchReader.TryRead(new ReadOnlySequence<byte>(bytes), out var error);

        Assert.Null(error);
        Assert.Equal([7L, 8L], batch!.Accepted.Select(e => e.Sequence));
        Assert.Equal(0, batch.Rejected);
    }

    [Fact]
    public void TryRead_RecordOfAnotherGateway_RejectsOnlyThatRecord()
    {
        var bytes = UplinkPublisher.BatchBytes("plant-a", [Wrap("plant-a", 1, Summary("m-1", Start, 1)), Wrap("plant-b", 2, Summary("m-1", Start, 1))]);

        var batch = BatchReader.TryRead(new ReadOnlySequence<byte>(bytes), out _);

        Assert.Equal([1L], batch!.Accepted.Select(e => e.Sequence));
        Assert.Equal(1, batch.Rejected);
        Assert.Contains("another gateway", batch.FirstRejection, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[1,2]", "not a JSON object")]
    [InlineData("""{"schemaVersion":1,"gatewayId":"plant-a","records":[{"a":1}""", "malformed")]
    [InlineData("""{"schemaVersion":9,"gatewayId":"plant-a","records":[]}""", "schema version 9")]
    [InlineData("""{"schemaVersion":1,"gatewayId":"aa:bb:cc:dd:ee:ff","records":[]}""", "gateway id")]
    [InlineData("""{"schemaVersion":1,"gatewayId":"plant-a"}""", "no records")]
    public void TryRead_BadBatch_RefusedAsAWhole(string json, string reason)
    {
        var batch = BatchReader.TryRead(new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(json)), out var error);

        Assert.Null(batch);
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }
}
