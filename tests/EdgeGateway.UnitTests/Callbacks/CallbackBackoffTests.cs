using EdgeGateway.Callbacks;

namespace EdgeGateway.UnitTests.Callbacks;

public sealed class CallbackBackoffTests
{
    private static readonly TimeSpan Initial = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Max = TimeSpan.FromMinutes(15);

    [Theory]
    [InlineData(1, 5)]
    [InlineData(2, 10)]
    [InlineData(3, 20)]
    [InlineData(8, 640)]
    [InlineData(9, 900)]
    [InlineData(50, 900)]
    public void Delay_WithoutJitter_DoublesUpToTheCap(int attempt, double seconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(seconds), CallbackBackoff.Delay(attempt, Initial, Max, jitter: 0, random: 0.7));
    }

    [Theory]
    [InlineData(0.0, 8)]
    [InlineData(0.5, 10)]
    [InlineData(0.999999, 12)]
    public void Delay_WithJitter_StaysWithinTheBand(double random, double seconds)
    {
        var delay = CallbackBackoff.Delay(2, Initial, Max, jitter: 0.2, random);

        Assert.Equal(seconds, delay.TotalSeconds, precision: 3);
    }
}
