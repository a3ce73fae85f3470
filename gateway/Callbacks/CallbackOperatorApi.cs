using EdgeGateway.Telemetry;
using EdgeGateway.Transforms.Yarp;

namespace EdgeGateway.Callbacks;

/// <summary>
/// The operator view on the management listener:
/// <c>GET /callbacks/stats</c>, <c>GET /callbacks/dead-letters?limit=N</c>,
/// <c>POST /callbacks/dead-letters/{entryId}/replay</c> and <c>POST /callbacks/dead-letters/replay</c> (all).
/// Listings show metadata and the last error, not the decrypted payload.
/// </summary>
internal static partial class CallbackOperatorApi
{
    private const int MaxListed = 1000;

    public static RouteGroupBuilder MapCallbackOperatorApi(this RouteGroupBuilder management)
    {
        var group = management.MapGroup("/callbacks");
        group.MapGet("/stats", async (ICallbackStore store) =>
            await Guard(async () => Results.Json(Stats(await store.StatsAsync()))));
        group.MapGet("/dead-letters", async (ICallbackStore store, int? limit) =>
            await Guard(async () =>
            {
                var letters = await store.ListDeadLettersAsync(Math.Clamp(limit ?? 100, 1, MaxListed));
                return Results.Json(new { count = letters.Count, items = letters.Select(View) });
            }));
        group.MapPost("/dead-letters/{entryId}/replay", async (string entryId, ICallbackStore store, CallbackMetrics metrics, ILoggerFactory loggers) =>
            await Guard(async () =>
            {
                if (!await store.ReplayAsync(entryId))
                {
                    return new ErrorResult(StatusCodes.Status404NotFound, "NOT_FOUND", $"There is no dead letter with entry id '{entryId}'; list them with GET /callbacks/dead-letters.");
                }

                metrics.Replayed(1);
                LogReplayed(loggers.CreateLogger(typeof(CallbackOperatorApi).FullName!), 1, entryId);
                return Results.Json(new { replayed = 1 });
            }));
        group.MapPost("/dead-letters/replay", async (ICallbackStore store, CallbackMetrics metrics, ILoggerFactory loggers) =>
            await Guard(async () =>
            {
                var replayed = 0;
                // Replayed entries leave the dead letters, so each round lists the next oldest ones.
                for (var letters = await store.ListDeadLettersAsync(100); letters.Count > 0; letters = await store.ListDeadLettersAsync(100))
                {
                    var round = 0;
                    foreach (var letter in letters)
                    {
                        round += await store.ReplayAsync(letter.EntryId) ? 1 : 0;
                    }

                    replayed += round;
                    if (round == 0)
                    {
                        break; // what is left cannot be replayed (unreadable entries)
                    }
                }

                metrics.Replayed(replayed);
                LogReplayed(loggers.CreateLogger(typeof(CallbackOperatorApi).FullName!), replayed, "all");
                return Results.Json(new { replayed });
            }));
        return management;
    }

    private static async Task<IResult> Guard(Func<Task<IResult>> action)
    {
        try
        {
            return await action();
        }
        catch (Exception ex) when (ex is StackExchange.Redis.RedisException or TimeoutException)
        {
            return new ErrorResult(StatusCodes.Status503ServiceUnavailable, GatewayErrorCodes.DependencyUnavailable,
                "The callback store (Redis) is unavailable; try again when it is back.");
        }
    }

    private static object Stats(CallbackStoreStats stats) => new
    {
        store = stats.Store,
        queued = stats.Queued,
        in_delivery = stats.InDelivery,
        scheduled_retries = stats.ScheduledRetries,
        dead_letters = stats.DeadLetters,
    };

    private static object View(DeadLetter letter) => new
    {
        entry_id = letter.EntryId,
        id = letter.Event.Id,
        name = letter.Event.Name,
        mchid = letter.Event.MchId,
        event_type = letter.Event.EventType,
        create_time = letter.Event.CreateTime,
        summary = letter.Event.Summary,
        attempts = letter.Event.Attempts,
        last_error = letter.Event.LastError,
        accepted_at = letter.Event.AcceptedAt == 0 ? null : DateTimeOffset.FromUnixTimeMilliseconds(letter.Event.AcceptedAt).ToString("O"),
        dead_lettered_at = letter.Event.DeadLetteredAt is { } at ? DateTimeOffset.FromUnixTimeMilliseconds(at).ToString("O") : null,
    };

    /// <summary>An error in the gateway's error contract.</summary>
    private sealed class ErrorResult(int status, string code, string message) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext) => GatewayErrorResponse.WriteAsync(httpContext, status, code, message);
    }

    [LoggerMessage(EventId = EventIds.CallbackReplayed, Level = LogLevel.Information, Message = "Operator replayed {Count} dead-lettered callback(s) ({Which})")]
    private static partial void LogReplayed(ILogger logger, int count, string which);
}
