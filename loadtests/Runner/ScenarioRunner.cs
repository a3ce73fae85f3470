using System.Diagnostics;

namespace EdgeGateway.LoadTests.Runner;

/// <summary>
/// Runs a scenario: a warm-up phase whose results are thrown away, then the measured phase. In the open
/// models a dedicated thread starts each request at its intended time and latency is measured from that
/// time, not from when the request actually left — so a stall shows up in the numbers instead of quietly
/// delaying the next requests (no coordinated omission). Every run is bounded by its duration and by
/// <see cref="MaxRequests"/>.
/// </summary>
public sealed class ScenarioRunner
{
    /// <summary>
    /// The last request number handed out. Numbers run on across phases and runs of one runner: a scenario
    /// that derives an <c>out_trade_no</c> from its number must not repeat the warm-up's orders in the measured
    /// phase, or the duplicate-payment guard answers them from its record and the run measures replays.
    /// </summary>
    private long _lastNumber = -1;

    /// <summary>Hard cap on requests per phase, whatever the simulation asks for.</summary>
    public long MaxRequests { get; init; } = 2_000_000;

    /// <summary>Longest a single request may take before it counts as a timeout.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    public async Task<ScenarioResult> RunAsync(Scenario scenario, LoadSimulation simulation, TimeSpan warmUp, CancellationToken cancellationToken)
    {
        if (warmUp > TimeSpan.Zero)
        {
            LoadSimulation warmUpSimulation = simulation switch
            {
                ClosedModel closed => closed with { Duration = warmUp },
                RampingRate ramp => new ConstantRate(ramp.From, warmUp),
                _ => new ConstantRate(simulation.RateAt(TimeSpan.Zero), warmUp),
            };
            await RunPhaseAsync(scenario, warmUpSimulation, cancellationToken);
        }

        return await RunPhaseAsync(scenario, simulation, cancellationToken);
    }

    private async Task<ScenarioResult> RunPhaseAsync(Scenario scenario, LoadSimulation simulation, CancellationToken cancellationToken)
    {
        var target = simulation is ClosedModel ? double.NaN : simulation.PlannedRequests / simulation.Duration.TotalSeconds;
        var result = new ScenarioResult(scenario.Name, simulation.Describe(), target) { PlannedDuration = simulation.Duration };
        var clock = Stopwatch.StartNew();
        if (simulation is ClosedModel closed)
        {
            await RunClosedAsync(scenario, closed, result, clock, cancellationToken);
        }
        else
        {
            await RunOpenAsync(scenario, simulation, result, clock, cancellationToken);
        }

        result.Elapsed = clock.Elapsed;
        return result;
    }

    private async Task RunOpenAsync(Scenario scenario, LoadSimulation simulation, ScenarioResult result, Stopwatch clock, CancellationToken cancellationToken)
    {
        var inFlight = new List<Task>();
        var pending = new object();
        var done = new TaskCompletionSource();
        var thread = new Thread(() =>
        {
            // The timetable: the next start is due when the integral of the rate reaches the next whole request.
            double due = 0;
            long index = 0;
            var step = TimeSpan.FromMilliseconds(1);
            var planned = 0.0;
            for (var t = TimeSpan.Zero; t < simulation.Duration && !cancellationToken.IsCancellationRequested;)
            {
                planned += simulation.RateAt(t) * step.TotalSeconds;
                while (due < planned)
                {
                    if (index >= MaxRequests)
                    {
                        Interlocked.Increment(ref result.Skipped);
                        due++;
                        continue;
                    }

                    var intended = t;
                    var now = clock.Elapsed;
                    if (intended > now)
                    {
                        var wait = intended - now;
                        if (wait > TimeSpan.FromMilliseconds(2))
                        {
                            Thread.Sleep(wait - TimeSpan.FromMilliseconds(1));
                        }

                        while (clock.Elapsed < intended)
                        {
                            Thread.SpinWait(20);
                        }
                    }

                    index++;
                    var number = Interlocked.Increment(ref _lastNumber);
                    Interlocked.Increment(ref result.Started);
                    var task = Task.Run(() => ExecuteAsync(scenario, number, intended, result, clock, cancellationToken), CancellationToken.None);
                    lock (pending)
                    {
                        inFlight.Add(task);
                    }

                    due++;
                }

                t += step;
            }

            done.SetResult();
        })
        {
            IsBackground = true,
            Name = "load-timetable",
            Priority = ThreadPriority.AboveNormal,
        };
        thread.Start();
        await done.Task;
        Task[] all;
        lock (pending)
        {
            all = [.. inFlight];
        }

        await Task.WhenAll(all);
    }

    private async Task RunClosedAsync(Scenario scenario, ClosedModel closed, ScenarioResult result, Stopwatch clock, CancellationToken cancellationToken)
    {
        long index = -1;
        var copies = Enumerable.Range(0, closed.Copies).Select(_ => Task.Run(async () =>
        {
            while (clock.Elapsed < closed.Duration && !cancellationToken.IsCancellationRequested)
            {
                if (Interlocked.Increment(ref index) >= MaxRequests)
                {
                    return;
                }

                var number = Interlocked.Increment(ref _lastNumber);

                Interlocked.Increment(ref result.Started);
                await ExecuteAsync(scenario, number, clock.Elapsed, result, clock, cancellationToken);
            }
        }, CancellationToken.None));
        await Task.WhenAll(copies);
    }

    private async Task ExecuteAsync(Scenario scenario, long number, TimeSpan intended, ScenarioResult result, Stopwatch clock, CancellationToken cancellationToken)
    {
        StepOutcome outcome;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(RequestTimeout);
            outcome = await scenario.Step(number, timeout.Token);
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or IOException)
        {
            outcome = StepOutcome.Failed(ex);
        }

        var completed = clock.Elapsed;
        var latency = (long)((completed - intended).Ticks / 10);
        result.Record(outcome, !outcome.IsTransportError && scenario.IsSuccess(outcome), latency, (int)completed.TotalSeconds);
    }
}
