namespace Edge.TestKit;

/// <summary>Polls a condition until it holds or a deadline passes: no fixed sleeps in tests.</summary>
public static class Eventually
{
    public static async Task<T> WaitAsync<T>(Func<Task<T>> probe, Func<T, bool> condition, TimeSpan timeout, string because)
    {
        ArgumentNullException.ThrowIfNull(probe);
        ArgumentNullException.ThrowIfNull(condition);
        using var deadline = new CancellationTokenSource(timeout);
        var last = default(T);
        while (!deadline.IsCancellationRequested)
        {
            last = await probe();
            if (condition(last))
            {
                return last;
            }

            await Task.Delay(50, CancellationToken.None);
        }

        throw new TimeoutException($"Timed out after {timeout} waiting until {because}. Last value: {last}");
    }

    public static Task WaitAsync(Func<bool> condition, TimeSpan timeout, string because) =>
        WaitAsync(() => Task.FromResult(condition()), static ok => ok, timeout, because);
}
