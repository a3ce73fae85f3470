using System.Collections.Concurrent;
using System.Security.Cryptography;
using EdgeGateway.Telemetry;
using Microsoft.Extensions.Options;

namespace EdgeGateway.Callbacks;

/// <summary>
/// Delivers stored callbacks to their internal targets: takes new events from the consumer group, queues
/// again those whose retry time has come, claims events left behind by a crashed instance, and runs up to
/// <see cref="CallbackOptions.Concurrency"/> deliveries at once. A failed attempt is rescheduled with
/// exponential backoff and jitter; after <see cref="CallbackOptions.MaxAttempts"/> the event is
/// dead-lettered and logged. On shutdown it takes no new work, lets deliveries in flight finish for up to
/// <see cref="CallbackOptions.ShutdownGrace"/>, and puts back the rest at once for the next instance.
/// </summary>
internal sealed partial class CallbackDeliveryService(
    ICallbackStore store,
    CallbackRouteTable routes,
    CallbackDeliverer deliverer,
    CallbackMetrics metrics,
    IOptionsMonitor<CallbackOptions> options,
    CallbackArrivals arrivals,
    TimeProvider timeProvider,
    ILogger<CallbackDeliveryService> logger) : BackgroundService
{
    /// <summary>A consumer (a stopped instance) idle this long with nothing pending is forgotten.</summary>
    internal static readonly TimeSpan IdleConsumerAge = TimeSpan.FromHours(1);

    private static readonly TimeSpan IdleConsumerSweepEvery = TimeSpan.FromMinutes(10);

    private readonly ConcurrentDictionary<string, Task> _inFlight = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _interrupt = new();
    private readonly string _consumer = $"{Environment.MachineName}-{Environment.ProcessId}-{Convert.ToHexString(RandomNumberGenerator.GetBytes(3))}";
    private SemaphoreSlim? _slots;

    /// <summary>This instance's consumer name in the group.</summary>
    public string Consumer => _consumer;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.CurrentValue;
        _slots = new SemaphoreSlim(settings.Concurrency, settings.Concurrency);
        var nextOrphanSweep = DateTimeOffset.MinValue;
        var nextRetryRelease = DateTimeOffset.MinValue;
        var nextConsumerSweep = DateTimeOffset.MinValue;
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            settings = options.CurrentValue;
            var started = 0;
            try
            {
                foreach (var (entryId, task) in _inFlight)
                {
                    if (task.IsCompleted)
                    {
                        _inFlight.TryRemove(entryId, out _);
                    }
                }

                var now = timeProvider.GetUtcNow();
                if (now >= nextRetryRelease)
                {
                    await store.ReleaseDueRetriesAsync(now, 256);
                    nextRetryRelease = now + settings.PollInterval;
                }

                if (now >= nextConsumerSweep)
                {
                    // Every start adds a consumer name to the group; those of stopped instances would pile up.
                    nextConsumerSweep = now + IdleConsumerSweepEvery;
                    var removed = await store.RemoveIdleConsumersAsync(_consumer, IdleConsumerAge);
                    if (removed > 0)
                    {
                        LogIdleConsumersRemoved(logger, removed, IdleConsumerAge.TotalHours);
                    }
                }

                var free = _slots.CurrentCount;
                if (free == 0)
                {
                    // Every slot busy: go on as soon as one frees, not a poll interval later. Sleeping here
                    // capped a storm's delivery at Concurrency per PollInterval (40/s by default).
                    await _slots.WaitAsync(stoppingToken);
                    _slots.Release();
                    continue;
                }

                var batch = new List<PendingCallback>(await store.TakeNewAsync(_consumer, free));
                if (batch.Count < free && now >= nextOrphanSweep)
                {
                    var orphans = await store.ClaimOrphansAsync(_consumer, settings.OrphanClaimAfter, free - batch.Count);
                    if (orphans.Count > 0)
                    {
                        LogOrphansClaimed(logger, orphans.Count, settings.OrphanClaimAfter.TotalSeconds);
                    }

                    batch.AddRange(orphans);
                    nextOrphanSweep = orphans.Count > 0 ? now : now + Min(settings.OrphanClaimAfter / 4, TimeSpan.FromSeconds(5));
                }

                foreach (var taken in batch)
                {
                    if (!_inFlight.TryGetValue(taken.EntryId, out var running) || running.IsCompleted)
                    {
                        await _slots.WaitAsync(stoppingToken);
                        _inFlight[taken.EntryId] = RunAsync(taken);
                        started++;
                    }
                }

                failures = 0;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // Redis down or restarting: taken events stay pending and are claimed again later; keep trying.
                failures++;
                if (failures == 1 || failures % 50 == 0)
                {
                    LogStoreError(logger, ex, failures);
                }

                await Pause(Min(settings.PollInterval * Math.Pow(2, Math.Min(failures, 5)), TimeSpan.FromSeconds(5)), stoppingToken);
                continue;
            }

            if (started == 0)
            {
                await Pause(settings.PollInterval, stoppingToken, wakeOnArrival: true);
            }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken); // stops taking new work
        var inFlight = _inFlight.Values.Where(t => !t.IsCompleted).ToArray();
        if (inFlight.Length == 0)
        {
            return;
        }

        try
        {
            await Task.WhenAll(inFlight).WaitAsync(options.CurrentValue.ShutdownGrace, timeProvider, cancellationToken);
        }
        catch (Exception ex) when (ex is TimeoutException or OperationCanceledException)
        {
            // Out of time: interrupt what is left; each interrupted delivery puts its event back at once.
            await _interrupt.CancelAsync();
            await Task.WhenAll(_inFlight.Values.ToArray()).WaitAsync(TimeSpan.FromSeconds(2), timeProvider, CancellationToken.None)
                .ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    private async Task RunAsync(PendingCallback taken)
    {
        await Task.Yield();
        try
        {
            await DeliverAsync(taken);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The store failed while finishing: the event stays pending and is claimed again after OrphanClaimAfter.
            LogStoreError(logger, ex, 1);
        }
        finally
        {
            _slots!.Release(); // the loop drops completed tasks from _inFlight
        }
    }

    private async Task DeliverAsync(PendingCallback taken)
    {
        var settings = options.CurrentValue;
        var callback = taken.Event;
        var attempt = callback.Attempts + 1;
        var result = routes.TryGet(callback.Name, out var route) && Uri.TryCreate(route.TargetUrl, UriKind.Absolute, out var target)
            ? await deliverer.DeliverAsync(target, callback, attempt, settings.DeliveryTimeout, _interrupt.Token)
            : DeliveryResult.Failure($"no callback route named '{callback.Name}' is configured in config/callbacks.json");
        var now = timeProvider.GetUtcNow();
        if (result.Delivered)
        {
            await store.CompleteAsync(taken);
            var lag = now - DateTimeOffset.FromUnixTimeMilliseconds(callback.AcceptedAt);
            metrics.Delivered(callback.Name, lag);
            LogDelivered(logger, callback.Id, callback.Name, attempt, lag.TotalMilliseconds);
            return;
        }

        if (result.Stopped)
        {
            // Not the target's fault: back in line at once, the attempt not counted.
            await store.RescheduleAsync(taken, callback, now);
            LogReturned(logger, callback.Id);
            return;
        }

        var updated = callback with { Attempts = attempt, LastError = result.Error };
        if (attempt >= settings.MaxAttempts)
        {
            if (await store.DeadLetterAsync(taken, updated with { DeadLetteredAt = now.ToUnixTimeMilliseconds() }))
            {
                metrics.DeadLettered(callback.Name);
                LogDeadLettered(logger, callback.Id, callback.Name, callback.EventType, attempt, result.Error!);
            }

            return;
        }

        var delay = CallbackBackoff.Delay(attempt, settings.InitialBackoff, settings.MaxBackoff, settings.BackoffJitter, Random.Shared.NextDouble());
        if (await store.RescheduleAsync(taken, updated, now + delay))
        {
            metrics.Retried(callback.Name);
            LogDeliveryFailed(logger, callback.Id, callback.Name, attempt, settings.MaxAttempts, result.Error!, delay.TotalSeconds);
        }
    }

    private async Task Pause(TimeSpan delay, CancellationToken stoppingToken, bool wakeOnArrival = false)
    {
        try
        {
            if (wakeOnArrival)
            {
                await arrivals.WaitAsync(delay, timeProvider, stoppingToken);
            }
            else
            {
                await Task.Delay(delay, timeProvider, stoppingToken);
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping: the loop condition ends the work.
        }
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    public override void Dispose()
    {
        base.Dispose();
        _interrupt.Dispose();
        _slots?.Dispose();
    }

    [LoggerMessage(EventId = EventIds.CallbackDelivered, Level = LogLevel.Information,
        Message = "Callback {NotificationId} ({Name}) delivered on attempt {Attempt}, {LagMs:0} ms after it was accepted")]
    private static partial void LogDelivered(ILogger logger, string notificationId, string name, int attempt, double lagMs);

    [LoggerMessage(EventId = EventIds.CallbackDeliveryFailed, Level = LogLevel.Warning,
        Message = "Callback {NotificationId} ({Name}) attempt {Attempt} of {MaxAttempts} failed: {Error}; next attempt in {DelaySeconds:0.#} s")]
    private static partial void LogDeliveryFailed(ILogger logger, string notificationId, string name, int attempt, int maxAttempts, string error, double delaySeconds);

    [LoggerMessage(EventId = EventIds.CallbackDeadLettered, Level = LogLevel.Error,
        Message = "Callback {NotificationId} ({Name}, {EventType}) dead-lettered after {Attempts} attempts: {Error}. List and replay it on the management listener: GET /callbacks/dead-letters, POST /callbacks/dead-letters/{{entryId}}/replay")]
    private static partial void LogDeadLettered(ILogger logger, string notificationId, string name, string eventType, int attempts, string error);

    [LoggerMessage(EventId = EventIds.CallbackIdleConsumersRemoved, Level = LogLevel.Information,
        Message = "Forgot {Count} callback consumer(s) of stopped instances, idle for over {IdleHours} h with nothing pending")]
    private static partial void LogIdleConsumersRemoved(ILogger logger, int count, double idleHours);

    [LoggerMessage(EventId = EventIds.CallbackOrphansClaimed, Level = LogLevel.Information,
        Message = "Claimed {Count} callback(s) left undelivered for over {IdleSeconds} s by another (stopped or crashed) instance")]
    private static partial void LogOrphansClaimed(ILogger logger, int count, double idleSeconds);

    [LoggerMessage(EventId = EventIds.CallbackWorkerStoreError, Level = LogLevel.Error,
        Message = "The callback store failed ({Failures} time(s) in a row); stored callbacks wait and are delivered when it is back")]
    private static partial void LogStoreError(ILogger logger, Exception exception, int failures);

    [LoggerMessage(EventId = EventIds.CallbackDeliveriesReturned, Level = LogLevel.Information,
        Message = "Callback {NotificationId} was being delivered at shutdown; it was put back for the next instance")]
    private static partial void LogReturned(ILogger logger, string notificationId);
}
