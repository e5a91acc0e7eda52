namespace Edge.Cloud.Tests.Infrastructure;

/// <summary>Awaits a condition with a deadline (polling, not sleeping a fixed time).</summary>
internal static class Eventually
{
    public static async Task TrueAsync(Func<Task<bool>> condition, TimeSpan timeout, string because)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out after {timeout}: {because}");
            }

            await Task.Delay(20);
        }
    }
}
