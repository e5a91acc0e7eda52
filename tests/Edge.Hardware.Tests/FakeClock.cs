using Microsoft.Extensions.Time.Testing;

namespace Edge.Hardware.Tests;

internal static class FakeClock
{
    /// <summary>
    /// Advances in steps so each timer fires with the clock at its own due time (FakeTimeProvider.Advance moves the clock to
    /// the end first and fires every due timer then).
    /// </summary>
    public static void AdvanceInSteps(this FakeTimeProvider clock, TimeSpan total, TimeSpan step)
    {
        for (var done = TimeSpan.Zero; done < total; done += step)
        {
            clock.Advance(step);
        }
    }
}
