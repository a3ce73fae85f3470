namespace EdgeGateway.LoadTests.Runner;

/// <summary>
/// How load is applied, as NBomber names it. Open models start requests on a fixed timetable whatever the
/// answers do (so a slow system cannot slow the load down and hide its own latency); the closed model
/// keeps N copies of the scenario running back to back.
/// </summary>
public abstract record LoadSimulation(TimeSpan Duration)
{
    /// <summary>Requests started per second at <paramref name="elapsed"/> into the phase (open models).</summary>
    public abstract double RateAt(TimeSpan elapsed);

    /// <summary>How many requests an open model starts in the whole phase.</summary>
    public abstract long PlannedRequests { get; }

    public abstract string Describe();
}

/// <summary>A constant arrival rate: <paramref name="Rate"/> starts per second.</summary>
public sealed record ConstantRate(double Rate, TimeSpan Duration) : LoadSimulation(Duration)
{
    public override double RateAt(TimeSpan elapsed) => Rate;

    public override long PlannedRequests => (long)(Rate * Duration.TotalSeconds);

    public override string Describe() => $"constant {Rate:0.#}/s for {Duration.TotalSeconds:0.#} s";
}

/// <summary>An arrival rate ramping linearly from <paramref name="From"/> to <paramref name="To"/> per second.</summary>
public sealed record RampingRate(double From, double To, TimeSpan Duration) : LoadSimulation(Duration)
{
    public override double RateAt(TimeSpan elapsed) => From + (To - From) * Math.Clamp(elapsed / Duration, 0, 1);

    public override long PlannedRequests => (long)((From + To) / 2 * Duration.TotalSeconds);

    public override string Describe() => $"ramp {From:0.#}→{To:0.#}/s over {Duration.TotalSeconds:0.#} s";
}

/// <summary>The closed model: <paramref name="Copies"/> concurrent loops, each starting its next request when the last ends.</summary>
public sealed record ClosedModel(int Copies, TimeSpan Duration) : LoadSimulation(Duration)
{
    public override double RateAt(TimeSpan elapsed) => double.NaN;

    public override long PlannedRequests => long.MaxValue;

    public override string Describe() => $"closed, {Copies} copies for {Duration.TotalSeconds:0.#} s";
}
