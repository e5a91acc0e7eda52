using System.Collections.Concurrent;
using System.Threading.Channels;

namespace Edge.Cloud.Live;

/// <summary>
/// Fans "something changed" notices out to dashboard connections (server-sent events). Each connection has a small
/// bounded queue that keeps only the newest notices: a slow browser misses nothing it needs, since it refetches.
/// </summary>
public sealed class LiveUpdates
{
    private readonly ConcurrentDictionary<Guid, Channel<string>> _subscribers = new();

    public int Subscribers => _subscribers.Count;

    public void Publish(string topic)
    {
        foreach (var subscriber in _subscribers.Values)
        {
            subscriber.Writer.TryWrite(topic);
        }
    }

    public async IAsyncEnumerable<string> SubscribeAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var id = Guid.NewGuid();
        var channel = Channel.CreateBounded<string>(new BoundedChannelOptions(8) { FullMode = BoundedChannelFullMode.DropOldest });
        _subscribers[id] = channel;
        try
        {
            yield return "hello";
            await foreach (var topic in channel.Reader.ReadAllAsync(cancellationToken))
            {
                yield return topic;
            }
        }
        finally
        {
            _subscribers.TryRemove(id, out _);
        }
    }
}
