using System.Security.Cryptography;
using EdgeGateway.Configuration;
using EdgeGateway.Requests;
using EdgeGateway.Telemetry;
using EdgeGateway.Transforms.Yarp;

namespace EdgeGateway.Idempotency;

/// <summary>
/// The duplicate-payment guard of a money-moving route (<c>Metadata.DuplicateGuard</c>). While a request for
/// (merchant, out_trade_no | out_refund_no) is with WeChat Pay, a duplicate gets 409 without reaching it. A
/// verified 200/201/204 answer is kept and given back to an identical repeat (<c>Idempotent-Replayed: true</c>);
/// a repeat with a different body gets 409. When the outcome is unknown (timeout, 5xx, no answer) the lock is
/// released and nothing kept: the caller should query the order or refund before repeating.
/// </summary>
internal sealed partial class DuplicateGuardMiddleware(RequestDelegate next, IDuplicateGuardStore store,
    DuplicateGuardMetrics metrics, TimeProvider timeProvider, ILogger<DuplicateGuardMiddleware> logger)
{
    private readonly IDuplicateGuardStore _store = store;
    private readonly TimeProvider _timeProvider = timeProvider;
    private readonly ILogger _logger = logger;

    public const string ReplayedHeader = "Idempotent-Replayed";

    public async Task InvokeAsync(HttpContext context)
    {
        if (context.Features.Get<PreparedRequest>() is not { Policies: { DuplicateGuard: { } policy, DuplicateGuardName: { } policyName } } request)
        {
            await next(context);
            return;
        }

        var route = request.Route;
        // Request preparation refused every request this guard could not key (fail closed); a route edited between the
        // two steps to name another field is the one way to get here without a number, and it is refused too.
        var field = request.Shape.GuardField ?? RequestIdentifiers.OutTradeNoField;
        var number = request.Identifiers[field];
        if (number is null || IdentifierFormat.Check(field, number) is not null)
        {
            var problem = IdentifierFormat.Check(field, number)!;
            metrics.Outcome(route.RouteId, "unkeyable");
            LogNoIdentifier(_logger, route.RouteId, field, problem.Reason);
            await GatewayErrorResponse.WriteAsync(context, StatusCodes.Status400BadRequest, GatewayErrorCodes.InvalidRequest, problem.Message,
                new { field, reason = problem.Reason });
            return;
        }

        var subMchId = request.Identifiers.SubMchId;
        var key = new GuardKey(route.RouteId, request.Merchant.MchId, field, number, subMchId);
        var fingerprint = Convert.ToHexStringLower(SHA256.HashData((request.CallerBody ?? request.Body).Span));
        var lockValue = DuplicateGuardLock.NewValue(fingerprint);
        GuardBegin begin;
        using (var span = GatewayTelemetry.ActivitySource.StartActivity(GatewaySpans.DuplicateGuard))
        {
            span?.SetTag(GatewayTags.Route, route.RouteId);
            span?.SetTag(GatewayTags.Policy, policyName);
            begin = await _store.BeginAsync(key, lockValue, policy.LockTtl);
            span?.SetTag(GatewayTags.Decision, begin.State switch
            {
                GuardState.Completed when begin.Answer!.Fingerprint == fingerprint => "replayed",
                GuardState.Completed => "body_mismatch",
                GuardState.InFlight => "in_flight",
                GuardState.Unavailable when policy.OnRedisFailure == RedisFailureMode.FailOpen => "bypassed",
                GuardState.Unavailable => "unavailable",
                _ => "locked",
            });
        }
        switch (begin.State)
        {
            case GuardState.Completed when begin.Answer!.Fingerprint == fingerprint:
                metrics.Outcome(route.RouteId, "replayed");
                LogReplayed(_logger, route.RouteId, field, number, begin.Answer.StoredAt);
                await ReplayAsync(context, begin.Answer);
                return;
            case GuardState.Completed:
                metrics.Outcome(route.RouteId, "mismatch");
                LogMismatch(_logger, route.RouteId, field, number);
                await GatewayErrorResponse.WriteAsync(context, StatusCodes.Status409Conflict, GatewayErrorCodes.DuplicateRequestInFlight,
                    $"{field} {number} was already used on this route with a different request body. Repeat the original request exactly to get its answer again, or use a new {field} for a different request.",
                    new { field, value = number, reason = "body_mismatch" });
                return;
            case GuardState.InFlight:
                metrics.Outcome(route.RouteId, "conflict");
                LogInFlight(_logger, route.RouteId, field, number);
                var same = begin.HolderFingerprint is null || begin.HolderFingerprint == fingerprint;
                await GatewayErrorResponse.WriteAsync(context, StatusCodes.Status409Conflict, GatewayErrorCodes.DuplicateRequestInFlight,
                    $"A request with {field} {number} is being processed by WeChat Pay right now{(same ? string.Empty : " with a different body")}. Wait for it to finish; repeating the identical request then returns the same answer.",
                    new { field, value = number, reason = same ? "in_flight" : "in_flight_different_body" });
                return;
            case GuardState.Unavailable when policy.OnRedisFailure == RedisFailureMode.FailOpen:
                metrics.Outcome(route.RouteId, "bypassed");
                LogBypassed(_logger, route.RouteId, begin.Error);
                await next(context);
                return;
            case GuardState.Unavailable:
                metrics.Outcome(route.RouteId, "unavailable");
                LogUnavailable(_logger, route.RouteId, begin.Error);
                await GatewayErrorResponse.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, GatewayErrorCodes.DependencyUnavailable,
                    "The duplicate-payment guard cannot reach its store (Redis), and this route refuses rather than risk a double charge. Nothing was sent to WeChat Pay; retry shortly.",
                    new { dependency = "redis" });
                return;
        }

        metrics.Outcome(route.RouteId, "locked");
        var completion = new Completion(this, context, key, lockValue, fingerprint, policy.ReplayFor);

        // Keep the answer before a byte of it leaves: a caller that repeats the moment it has the answer must find it kept.
        context.Response.OnStarting(completion.RunAsync);
        try
        {
            await next(context);
        }
        finally
        {
            await completion.RunAsync();
        }
    }

    private static Task ReplayAsync(HttpContext context, StoredAnswer answer)
    {
        var response = context.Response;
        response.Headers[ReplayedHeader] = "true";
        // Only verified answers are kept (KeepableAnswer), so a replay says so, whichever version kept it.
        response.Headers[WeChatPayAnswerHeaders.SignatureHeader] = WeChatPayAnswerHeaders.Verified;
        return answer.Answer.WriteAsync(response, context.RequestAborted);
    }

    /// <summary>Runs once: keeps a verified success and releases the lock, or only releases it.</summary>
    private sealed class Completion(DuplicateGuardMiddleware owner, HttpContext context, GuardKey key, string lockValue, string fingerprint, TimeSpan replayFor)
    {
        private int _ran;

        public async Task RunAsync()
        {
            if (Interlocked.Exchange(ref _ran, 1) == 1)
            {
                return;
            }

            var answer = KeepableAnswer();
            var ok = answer is not null
                ? await owner._store.CompleteAsync(key, lockValue, answer, replayFor)
                : await owner._store.ReleaseAsync(key, lockValue);
            if (!ok)
            {
                // The lock expires by its TTL; until then a repeat gets 409 and should query first.
                LogCompletionFailed(owner._logger, key.RouteId, key.Field, key.Number);
            }
        }

        /// <summary>
        /// Only WeChat Pay's own verified success is kept: 200, 201 or 204 with a verified body. Not a 202 (WeChat
        /// Pay asks for the same request again), and nothing the gateway wrote in place of an answer.
        /// </summary>
        private StoredAnswer? KeepableAnswer()
        {
            var status = context.Response.StatusCode;
            var answer = context.Features.Get<WeChatPayAnswer>();
            if (status is not (200 or 201 or 204) || answer?.UpstreamStatus != status || answer.VerifiedBody is not { } body
                || context.Response.Headers.ContainsKey(GatewayErrorResponse.MarkerHeader))
            {
                return null;
            }

            return new StoredAnswer(fingerprint, status, KeptAnswer.ShareableHeaders(context.Response.Headers), body.ToArray(), owner._timeProvider.GetUtcNow());
        }
    }

    [LoggerMessage(EventId = EventIds.DuplicateInFlight, Level = LogLevel.Warning,
        Message = "Duplicate request on route {RouteId} refused: {Field} {Number} is already with WeChat Pay")]
    private static partial void LogInFlight(ILogger logger, string routeId, string field, string number);

    [LoggerMessage(EventId = EventIds.DuplicateBodyMismatch, Level = LogLevel.Warning,
        Message = "Request on route {RouteId} refused: {Field} {Number} was already used with a different body")]
    private static partial void LogMismatch(ILogger logger, string routeId, string field, string number);

    [LoggerMessage(EventId = EventIds.DuplicateReplayed, Level = LogLevel.Information,
        Message = "Repeat on route {RouteId} for {Field} {Number} answered from the answer kept at {StoredAt:o}")]
    private static partial void LogReplayed(ILogger logger, string routeId, string field, string number, DateTimeOffset storedAt);

    [LoggerMessage(EventId = EventIds.DuplicateGuardStoreUnavailable, Level = LogLevel.Error,
        Message = "Duplicate-payment guard of route {RouteId} cannot reach Redis ({Error}); refusing with 503 (fail-closed)")]
    private static partial void LogUnavailable(ILogger logger, string routeId, string? error);

    [LoggerMessage(EventId = EventIds.DuplicateGuardBypassed, Level = LogLevel.Warning,
        Message = "Duplicate-payment guard of route {RouteId} cannot reach Redis ({Error}); forwarding unguarded (fail-open policy)")]
    private static partial void LogBypassed(ILogger logger, string routeId, string? error);

    [LoggerMessage(EventId = EventIds.DuplicateGuardCompletionFailed, Level = LogLevel.Warning,
        Message = "Duplicate-payment guard of route {RouteId} could not record the end of {Field} {Number}; its lock expires by itself")]
    private static partial void LogCompletionFailed(ILogger logger, string routeId, string field, string number);

    [LoggerMessage(EventId = EventIds.DuplicateGuardNoIdentifier, Level = LogLevel.Information,
        Message = "Request on route {RouteId} refused: the duplicate-payment guard cannot key on its {Field} ({Reason}); nothing was sent")]
    private static partial void LogNoIdentifier(ILogger logger, string routeId, string field, string reason);
}
