using System.Diagnostics;
using HdrHistogram;

namespace EdgeGateway.LoadTests.Benchmarks;

/// <summary>
/// An open-model load loop: request i is due at start + i / rate whatever happened to the ones before,
/// and its latency is measured from that intended start, so a stall shows up in the percentiles instead
/// of silently slowing the arrivals (coordinated omission).
/// </summary>
internal static class OpenLoop
{
    public static async Task<LoopResult> RunAsync(double ratePerSecond, TimeSpan duration, Func<CancellationToken, Task<bool>> send,
        CancellationToken cancellationToken)
    {
        var latencies = new LongConcurrentHistogram(1, 120_000_000, 3); // microseconds, up to two minutes
        var count = (int)(ratePerSecond * duration.TotalSeconds);
        var ticksPerRequest = Stopwatch.Frequency / ratePerSecond;
        var inFlight = new List<Task>(count);
        var failures = 0;
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < count; i++)
        {
            var intended = start + (long)(i * ticksPerRequest);
            // Task.Delay has millisecond resolution: a request may leave up to 1 ms early, never late.
            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), intended);
            if (wait > TimeSpan.FromMilliseconds(1))
            {
                await Task.Delay(wait, cancellationToken);
            }

            inFlight.Add(Task.Run(async () =>
            {
                bool ok;
                try
                {
                    ok = await send(cancellationToken);
                }
                catch (Exception ex) when (ex is HttpRequestException || (ex is TaskCanceledException && !cancellationToken.IsCancellationRequested))
                {
                    ok = false; // refused, reset or timed out: a failed request, still timed
                }

                latencies.RecordValue(Math.Max(1, (long)Stopwatch.GetElapsedTime(intended).TotalMicroseconds));
                if (!ok)
                {
                    Interlocked.Increment(ref failures);
                }
            }, cancellationToken));
        }

        await Task.WhenAll(inFlight);
        return new LoopResult(latencies, failures, Stopwatch.GetElapsedTime(start));
    }
}

internal sealed record LoopResult(LongConcurrentHistogram Latencies, int Failures, TimeSpan Elapsed)
{
    public double Percentile(double percentile) => Latencies.GetValueAtPercentile(percentile) / 1000.0;
}
