namespace EdgeGateway.Callbacks;

/// <summary>Exponential backoff with jitter between delivery attempts.</summary>
internal static class CallbackBackoff
{
    /// <summary>
    /// The wait after failed attempt number <paramref name="attempt"/> (1-based): <c>initial · 2^(attempt−1)</c>
    /// capped at <paramref name="max"/>, then moved by up to ±<paramref name="jitter"/> of itself.
    /// <paramref name="random"/> is a number in [0, 1).
    /// </summary>
    public static TimeSpan Delay(int attempt, TimeSpan initial, TimeSpan max, double jitter, double random)
    {
        var exponent = Math.Clamp(attempt - 1, 0, 30);
        var ticks = Math.Min(initial.Ticks * Math.Pow(2, exponent), max.Ticks);
        var moved = ticks * (1 + jitter * (2 * random - 1));
        return TimeSpan.FromTicks((long)Math.Max(moved, TimeSpan.TicksPerMillisecond));
    }
}
