namespace EdgeGateway.IntegrationTests.Infrastructure;

/// <summary>
/// A clock whose wall time stands still at <see cref="Now"/> until a test moves it, while timers and timestamps stay
/// real, so a gateway running on it still polls, times out and delivers. Lets a test sign a message exactly N seconds
/// away from the gateway's "now" without racing the second hand.
/// </summary>
internal sealed class SettableWallClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}
