using System.Diagnostics;
using System.Globalization;
using EdgeGateway.Configuration;
using EdgeGateway.Requests;
using EdgeGateway.Telemetry;
using EdgeGateway.Transforms.WeChatPay;
using EdgeGateway.Transforms.Yarp;
using Microsoft.AspNetCore.Http.Timeouts;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Forwarder;

namespace EdgeGateway.Caching;

/// <summary>
/// Absorbs order/refund status polling on routes naming a <c>Metadata.StatusCache</c> policy, in the proxy pipeline
/// after the merchant check and the quota (so a caller only ever reaches entries of merchants it may act for, and
/// every poll still counts against its quota). A GET is answered from the cache when a fresh verified answer is
/// there; otherwise it joins an identical query already on its way upstream, or leads one; a verified 200 is then
/// kept for the TTL of its state. Any other request on such a route (close, refund) drops the statuses it names
/// once WeChat Pay has answered.
/// </summary>
internal sealed partial class StatusAbsorptionMiddleware(
    RequestDelegate next,
    StatusCache cache,
    RequestCoalescer coalescer,
    StatusCacheMetrics metrics,
    IOptionsMonitor<StatusCacheOptions> options,
    IOptions<WeChatPayTransformOptions> transformOptions,
    TimeProvider timeProvider,
    ILogger<StatusAbsorptionMiddleware> logger)
{
    /// <summary>Says how the answer came about: <c>hit</c>, <c>miss</c> (went upstream), <c>coalesced</c> (shared an identical query's call) or <c>bypass</c>.</summary>
    public const string CacheHeader = "X-EdgeGateway-Cache";

    /// <summary>
    /// WeChat Pay's signature on an answer is accepted for 5 minutes by clients that verify it themselves (PROTOCOL.md §2.3);
    /// a cached answer keeps that signature, so it is never served past this age of the signature (30 s kept for clock skew).
    /// </summary>
    internal static readonly TimeSpan SignatureLifetime = TimeSpan.FromSeconds(270);

    private const int MaxRestarts = 3;

    public async Task InvokeAsync(HttpContext context)
    {
        if (context.Features.Get<PreparedRequest>() is not { Policies.StatusCache: { } policy } request)
        {
            await next(context);
            return;
        }

        var path = context.Request.Path.Value ?? string.Empty;
        if (HttpMethods.IsGet(context.Request.Method))
        {
            await QueryAsync(context, request, policy, path);
            return;
        }

        var touched = StatusIdentity.TouchedBy(StatusIdentity.Owner(request.Merchant.MchId, request.Identifiers.SubMchId), request.Identifiers, path, request.Body);
        try
        {
            await next(context);
        }
        finally
        {
            // Whatever WeChat Pay answered (even a timeout: the outcome is then unknown), the state may have changed.
            if (touched.Count > 0)
            {
                await cache.InvalidateAsync(touched, "route", request.RouteId);
            }
        }
    }

    private async Task QueryAsync(HttpContext context, PreparedRequest request, StatusCachePolicy policy, string path)
    {
        var route = request.RouteId;
        var variant = path + context.Request.QueryString.Value;
        var identity = policy.Caches ? StatusIdentity.ForQuery(StatusIdentity.Owner(request.Merchant.MchId, request.Identifiers.SubMchId), request.Identifiers, path) : null;
        var bypass = CacheBypass.IsRequested(context.Request);
        long? generation = null;
        if (identity is not null)
        {
            var lookup = await cache.LookupAsync(identity, variant);
            if (lookup is { IsHit: true } && !bypass)
            {
                metrics.Hit(route);
                Mark(context, "hit");
                context.Response.Headers.Age = ((long)lookup.Age.TotalSeconds).ToString(CultureInfo.InvariantCulture);
                await lookup.Answer!.WriteAsync(context.Response, context.RequestAborted);
                return;
            }

            generation = lookup?.Generation;
            if (!bypass)
            {
                metrics.Miss(route);
            }
        }

        var call = new UpstreamCall(route, policy, identity, variant, generation);
        if (bypass || !policy.Coalesce)
        {
            // A bypass must see an upstream answer fetched after it arrived, so it never joins a flight already on its way.
            if (bypass)
            {
                metrics.Bypass(route);
            }

            Mark(context, bypass ? "bypass" : "miss");
            await GoUpstreamAsync(context, call);
            return;
        }

        var key = RequestCoalescer.FlightKey(request.Merchant.MchId, route, variant);
        for (var restarts = 0; ; restarts++)
        {
            var (flight, leads) = coalescer.JoinOrLead(key, identity?.Key);
            if (leads)
            {
                Mark(context, "miss");
                await LeadAsync(context, call, key, flight);
                return;
            }

            if (!await FollowAsync(context, call, flight, restarts))
            {
                return;
            }
        }
    }

    /// <summary>Waits for the flight and answers with its outcome; true when the flight was abandoned and this request should start over.</summary>
    private async Task<bool> FollowAsync(HttpContext context, UpstreamCall call, CoalescedFlight flight, int restarts)
    {
        FlightOutcome outcome;
        try
        {
            outcome = await coalescer.FollowAsync(flight, context.RequestAborted);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            if (TimedOut(context))
            {
                // Its own route timeout ran out first: the same 504 as if it had gone upstream itself.
                metrics.Followed(call.Route, "timeout");
                Mark(context, "coalesced");
                context.Features.Set<IForwarderErrorFeature>(new SharedForwarderError(ForwarderError.RequestTimedOut, null));
            }
            else
            {
                metrics.Followed(call.Route, "cancelled"); // its caller left; the others keep waiting undisturbed
            }

            return false;
        }

        switch (outcome.Kind)
        {
            case FlightOutcomeKind.Answer:
                metrics.Followed(call.Route, "shared");
                Mark(context, "coalesced");
                await outcome.Answer!.WriteAsync(context.Response, context.RequestAborted);
                return false;
            case FlightOutcomeKind.ForwarderFailure:
                metrics.Followed(call.Route, "failed");
                Mark(context, "coalesced");
                context.Features.Set<IForwarderErrorFeature>(new SharedForwarderError(outcome.Error, outcome.Exception));
                return false;
            case FlightOutcomeKind.Crashed:
                metrics.Followed(call.Route, "failed");
                throw new SharedFlightException(outcome.Exception!);
            case FlightOutcomeKind.Abandoned when restarts < MaxRestarts:
                metrics.Followed(call.Route, "restarted");
                LogRestarted(logger, call.Route);
                return true;
            default:
                metrics.Followed(call.Route, "alone");
                Mark(context, "miss");
                await GoUpstreamAsync(context, call);
                return false;
        }
    }

    /// <summary>Goes upstream for this request and every follower, keeps a verified answer, and hands the followers the outcome.</summary>
    private async Task LeadAsync(HttpContext context, UpstreamCall call, string key, CoalescedFlight flight)
    {
        var keep = KeepBeforeAnswering(context, call);
        var capture = ResponseCapture.Install(context.Response, transformOptions.Value.MaxResponseBytes);
        var outcome = FlightOutcome.Abandoned;
        try
        {
            await next(context);
            outcome = Classify(context, context.Features.Get<WeChatPayAnswer>(), capture);
        }
        catch (Exception ex)
        {
            outcome = TimedOut(context) ? FlightOutcome.Failed(ForwarderError.RequestTimedOut, ex)
                : context.RequestAborted.IsCancellationRequested ? FlightOutcome.Abandoned
                : FlightOutcome.Crashed(ex);
            throw;
        }
        finally
        {
            capture.Restore();

            // An answer stays in the table until it is stored, so that a request arriving in between joins it rather than
            // finding the cache still empty and going upstream again; anything else leaves before the followers wake up,
            // so a restarting follower cannot join the abandoned flight again.
            if (outcome.Kind != FlightOutcomeKind.Answer)
            {
                coalescer.Remove(key, flight);
            }

            flight.Complete(outcome);
        }

        try
        {
            await keep();
        }
        finally
        {
            coalescer.Remove(key, flight);
        }
    }

    private async Task GoUpstreamAsync(HttpContext context, UpstreamCall call)
    {
        var keep = KeepBeforeAnswering(context, call);
        await next(context);
        await keep();
    }

    /// <summary>
    /// Stores the answer when the response starts, before its first byte reaches the caller: so once anyone has seen an
    /// answer, a poll after it finds it in the cache. Runs once; the returned function waits for it (or runs it when the
    /// response has not started, e.g. an empty body).
    /// </summary>
    private Func<Task> KeepBeforeAnswering(HttpContext context, UpstreamCall call)
    {
        Task? keeping = null;
        Task Keep() => keeping ??= KeepAsync(context, call, context.Features.Get<WeChatPayAnswer>());
        context.Response.OnStarting(Keep);
        return Keep;
    }

    /// <summary>What the followers get: the verified answer, the gateway's error, or a failure to start over from.</summary>
    private static FlightOutcome Classify(HttpContext context, WeChatPayAnswer? answer, ResponseCapture capture)
    {
        var response = context.Response;
        if (answer?.VerifiedBody is { } verified && response.StatusCode is >= 200 and < 300)
        {
            // Complete and verified even if the first caller went away while it was being written.
            return FlightOutcome.Of(new KeptAnswer(response.StatusCode, KeptAnswer.ShareableHeaders(response.Headers), verified.ToArray()));
        }

        var timedOut = TimedOut(context);
        if (context.Features.Get<IForwarderErrorFeature>() is { Error: not ForwarderError.None } error)
        {
            timedOut |= error.Error == ForwarderError.RequestTimedOut;
            return !timedOut && context.RequestAborted.IsCancellationRequested
                ? FlightOutcome.Abandoned
                : FlightOutcome.Failed(timedOut ? ForwarderError.RequestTimedOut : error.Error, error.Exception);
        }

        if (timedOut && !response.HasStarted)
        {
            return FlightOutcome.Failed(ForwarderError.RequestTimedOut, null);
        }

        if (context.RequestAborted.IsCancellationRequested && !timedOut)
        {
            return FlightOutcome.Abandoned;
        }

        return capture.Overflowed
            ? FlightOutcome.Unshareable
            : FlightOutcome.Of(new KeptAnswer(response.StatusCode, KeptAnswer.ShareableHeaders(response.Headers), capture.Captured));
    }

    /// <summary>Keeps a verified 200 for the TTL of the state it reports, bounded by the age of its signature.</summary>
    private async Task KeepAsync(HttpContext context, UpstreamCall call, WeChatPayAnswer? answer)
    {
        if (call.Identity is not { } identity)
        {
            return;
        }

        var response = context.Response;
        if (response.StatusCode != StatusCodes.Status200OK || answer?.VerifiedBody is not { } verified || answer.Verification?.IsValid != true)
        {
            metrics.NotStored(call.Route, response.StatusCode != StatusCodes.Status200OK ? "status" : "unverified");
            return;
        }

        if (call.Generation is not { } generation)
        {
            metrics.NotStored(call.Route, "store_unavailable");
            return;
        }

        if (verified.Length > options.CurrentValue.MaxEntryBytes)
        {
            metrics.NotStored(call.Route, "too_large");
            return;
        }

        var final = StatusStates.IsFinal(identity.Kind, StatusStates.Read(identity.Kind, verified.Span));
        var ttl = final ? call.Policy.FinalTtl : call.Policy.NonFinalTtl;
        if (long.TryParse(response.Headers[WeChatPayHeaders.Timestamp].ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var signedAt))
        {
            var left = DateTimeOffset.FromUnixTimeSeconds(signedAt) + SignatureLifetime - timeProvider.GetUtcNow();
            if (left < ttl)
            {
                ttl = left;
            }
        }

        if (ttl <= TimeSpan.Zero)
        {
            metrics.NotStored(call.Route, "ttl");
            return;
        }

        var kept = new KeptAnswer(StatusCodes.Status200OK, KeptAnswer.ShareableHeaders(response.Headers), verified.ToArray());
        await cache.StoreAsync(call.Route, identity, call.Variant, generation, kept, ttl, final);
    }

    private static bool TimedOut(HttpContext context) =>
        context.Features.Get<IHttpRequestTimeoutFeature>()?.RequestTimeoutToken.IsCancellationRequested == true;

    /// <summary>Sets the cache header when the response starts (an error answer clears headers set earlier).</summary>
    private static void Mark(HttpContext context, string value)
    {
        Activity.Current?.SetTag("status_cache", value);
        context.Response.OnStarting(() =>
        {
            context.Response.Headers[CacheHeader] = value;
            return Task.CompletedTask;
        });
    }

    [LoggerMessage(EventId = EventIds.CoalescedFlightRestarted, Level = LogLevel.Debug,
        Message = "The request leading a coalesced query on route {RouteId} was cancelled by its caller before WeChat Pay answered; a waiting request goes upstream instead")]
    private static partial void LogRestarted(ILogger logger, string routeId);

    private sealed record UpstreamCall(string Route, StatusCachePolicy Policy, StatusIdentity? Identity, string Variant, long? Generation);
}
