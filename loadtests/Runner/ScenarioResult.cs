using System.Collections.Concurrent;
using HdrHistogram;

namespace EdgeGateway.LoadTests.Runner;

/// <summary>
/// What a measured phase produced: latencies in microseconds from each request's intended start,
/// statuses, per-second completions, and how far the achieved rate fell short of the target.
/// </summary>
public sealed class ScenarioResult
{
    public ScenarioResult(string scenario, string simulation, double targetRate)
    {
        Scenario = scenario;
        Simulation = simulation;
        TargetRate = targetRate;
    }

    public string Scenario { get; }

    public string Simulation { get; }

    /// <summary>Mean target arrival rate (NaN for the closed model).</summary>
    public double TargetRate { get; }

    /// <summary>Latency from intended start to completion, microseconds, 1 µs to 5 min.</summary>
    public LongConcurrentHistogram Latency { get; } = new(1, 300_000_000, 3);

    /// <summary>Latency of the requests completed in each whole second since the phase began, for the latency-over-time plot.</summary>
    public ConcurrentDictionary<int, LongConcurrentHistogram> LatencyBySecond { get; } = new();

    public ConcurrentDictionary<int, long> StatusCounts { get; } = new();

    public ConcurrentDictionary<string, long> Errors { get; } = new();

    /// <summary>Completions per whole second since the phase began.</summary>
    public ConcurrentDictionary<int, long> CompletedPerSecond { get; } = new();

    public long Started;
    public long Completed;
    public long Succeeded;

    /// <summary>Starts the timetable could not honour because the run hit its request cap.</summary>
    public long Skipped;

    public TimeSpan Elapsed { get; set; }

    /// <summary>How long the load was planned to last (requests still in flight at its end make <see cref="Elapsed"/> longer).</summary>
    public TimeSpan PlannedDuration { get; set; }

    public double AchievedRate => Elapsed.TotalSeconds > 0 ? Completed / Elapsed.TotalSeconds : 0;

    public double ErrorRate => Completed == 0 ? 0 : 1 - (double)Succeeded / Completed;

    /// <summary>Latency at a percentile, in milliseconds.</summary>
    public double Percentile(double percentile) => Latency.TotalCount == 0 ? 0 : Latency.GetValueAtPercentile(percentile) / 1000.0;

    public double MaxMs => Latency.TotalCount == 0 ? 0 : Latency.GetMaxValue() / 1000.0;

    public void Record(StepOutcome outcome, bool success, long latencyMicros, int second)
    {
        Latency.RecordValue(Math.Clamp(latencyMicros, 1, 300_000_000));
        LatencyBySecond.GetOrAdd(second, static _ => new LongConcurrentHistogram(1, 300_000_000, 3)).RecordValue(Math.Clamp(latencyMicros, 1, 300_000_000));
        StatusCounts.AddOrUpdate(outcome.Status, 1, (_, n) => n + 1);
        if (outcome.Error is { } error)
        {
            Errors.AddOrUpdate(error, 1, (_, n) => n + 1);
        }

        CompletedPerSecond.AddOrUpdate(second, 1, (_, n) => n + 1);
        Interlocked.Increment(ref Completed);
        if (success)
        {
            Interlocked.Increment(ref Succeeded);
        }
    }
}
