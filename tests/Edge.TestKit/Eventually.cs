namespace Edge.TestKit;

/// <summary>
/// Polls a condition until it holds or a deadline passes: no fixed sleeps in tests. On the deadline it throws a
/// <see cref="TimeoutException"/> that says what was awaited (<c>because</c>) and, for a probe, the last value seen.
/// </summary>
public static class Eventually
{
    private static readonly TimeSpan s_pollInterval = TimeSpan.FromMilliseconds(20);

    /// <summary>Probes until <paramref name="condition"/> holds for the probed value, and returns that value.</summary>
    public static async Task<T> WaitAsync<T>(Func<Task<T>> probe, Func<T, bool> condition, TimeSpan timeout, string because)
    {
        ArgumentNullException.ThrowIfNull(probe);
        ArgumentNullException.ThrowIfNull(condition);
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            // Probed once more after the deadline passes, so a slow probe still gets its last chance.
            var passed = DateTime.UtcNow > deadline;
            var last = await probe();
            if (condition(last))
            {
                return last;
            }

            if (passed)
            {
                throw new TimeoutException($"Timed out after {timeout} waiting for: {because}. Last value: {last}");
            }

            await Task.Delay(s_pollInterval, CancellationToken.None);
        }
    }

    /// <summary>Waits until an asynchronous condition holds.</summary>
    public static Task WaitAsync(Func<Task<bool>> condition, TimeSpan timeout, string because) =>
        WaitAsync(condition, static ok => ok, timeout, because);

    /// <summary>Waits until a condition holds.</summary>
    public static Task WaitAsync(Func<bool> condition, TimeSpan timeout, string because)
    {
        ArgumentNullException.ThrowIfNull(condition);
        return WaitAsync(() => Task.FromResult(condition()), static ok => ok, timeout, because);
    }
}
