using System.Diagnostics;
using System.Text.Json;
using EdgeGateway.Caching;
using EdgeGateway.Certificates;
using EdgeGateway.Merchants;
using EdgeGateway.Requests;
using EdgeGateway.Telemetry;
using EdgeGateway.Transforms.WeChatPay;
using Microsoft.Extensions.Options;

namespace EdgeGateway.Callbacks;

/// <summary>
/// <c>POST /notify/{name}</c>, called by WeChat Pay (PROTOCOL.md §4). The raw body, read within a bound, must
/// carry a valid signature of the route's merchant (5-minute window; probes, forgeries and stale messages
/// fail; an unknown serial refreshes the certificates once); the resource is decrypted with the APIv3 key;
/// the event is stored durably and only then answered 204, whatever the decrypted resource holds: once verified and
/// decrypted, only the store can make the answer a failure (side steps such as the status-cache invalidation log and
/// count their own failures). A duplicate id is acknowledged without being
/// queued again. Every refusal is a 4xx, and a store that cannot be reached a 500, each with
/// <c>{"code":"FAIL","message":…}</c> so WeChat Pay sends the callback again (§4.2); never a stack trace.
/// </summary>
internal sealed partial class CallbackIngress(
    CallbackRouteTable routes,
    MerchantRegistry merchants,
    ResponseVerifier verifier,
    PlatformCertificateRefresher certificates,
    ICallbackStore store,
    CallbackArrivals arrivals,
    StatusCache statusCache,
    CallbackMetrics metrics,
    RequestMetrics signatureMetrics,
    IOptionsMonitor<CallbackOptions> options,
    TimeProvider timeProvider,
    ILogger<CallbackIngress> logger)
{
    public const string ActivityName = GatewaySpans.CallbackIngress;

    public async Task HandleAsync(HttpContext context, string name)
    {
        using var activity = StartActivity(context, name);
        try
        {
            await ReceiveAsync(context, name, activity);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException && !context.RequestAborted.IsCancellationRequested)
        {
            LogIngressFailed(logger, ex, name);
            metrics.Rejected(routes.TryGet(name, out _) ? name : CallbackMetrics.UnknownName, "internal_error");
            await WriteFailAsync(context, StatusCodes.Status500InternalServerError, "internal error; send the callback again");
        }
    }

    private async Task ReceiveAsync(HttpContext context, string name, Activity activity)
    {
        var settings = options.CurrentValue;
        if (!routes.TryGet(name, out var route) || route.MchId is null || !merchants.TryGet(route.MchId, out var merchant))
        {
            await RejectAsync(context, CallbackMetrics.UnknownName, StatusCodes.Status404NotFound, "unknown_route", "no callback is configured at this URL", "no route");
            return;
        }

        name = routes.Routes.Keys.First(k => string.Equals(k, name, StringComparison.OrdinalIgnoreCase)); // the configured spelling, for tags
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        budget.CancelAfter(settings.IngressTimeout);
        byte[]? body;
        try
        {
            body = await RequestBodyReader.ReadAsync(context.Request, settings.MaxBodyBytes, budget.Token);
        }
        catch (OperationCanceledException) when (!context.RequestAborted.IsCancellationRequested)
        {
            await RejectAsync(context, name, StatusCodes.Status408RequestTimeout, "body_timeout", "the body did not arrive in time", "body timeout", closeConnection: true);
            return;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException && context.RequestAborted.IsCancellationRequested)
        {
            // The sender went away mid-body: there is no one to answer, so the connection is simply closed.
            metrics.Rejected(name, "client_gone");
            LogClientGone(logger, name, ex.GetType().Name);
            context.Abort();
            return;
        }
        catch (Exception ex) when (BodyReadFailure.From(ex) is { } failure)
        {
            await RejectAsync(context, name, failure.Status, failure.Reason, failure.Message, failure.Detail, closeConnection: true);
            return;
        }

        if (body is null)
        {
            await RejectAsync(context, name, StatusCodes.Status413PayloadTooLarge, "too_large", $"the body is larger than {settings.MaxBodyBytes} bytes", "body over the limit",
                closeConnection: true);
            return;
        }

        var headers = SignedMessageHeaders.From(header => context.Request.Headers.TryGetValue(header, out var values) && values.Count == 1 ? values[0] : null);
        var (verification, _) = await verifier.VerifyAsync(headers, body, merchant.VerificationKeys, async (serial, token) =>
        {
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(token);
            wait.CancelAfter(settings.UnknownSerialWait);
            return await certificates.RefreshForUnknownSerialAsync(merchant, serial, wait.Token);
        }, budget.Token);

        if (!verification.IsValid)
        {
            signatureMetrics.VerificationFailed(GatewayTags.SourceCallback, name, verification.Failure);
            await RejectAsync(context, name, StatusCodes.Status401Unauthorized, Reason(verification.Failure),
                "signature verification failed: " + verification.Failure, verification.Describe());
            return;
        }

        if (!CallbackEnvelope.TryParse(body, out var envelope, out var envelopeError))
        {
            await RejectAsync(context, name, StatusCodes.Status400BadRequest, "malformed_envelope", "malformed callback envelope", envelopeError!);
            return;
        }

        if (!envelope!.TryDecrypt(merchant.ApiV3Key, out var plaintext, out var decryptError))
        {
            await RejectAsync(context, name, StatusCodes.Status400BadRequest, "undecryptable_resource", "the resource cannot be decrypted", decryptError!);
            return;
        }

        activity.SetTag(GatewayTags.NotificationId, envelope.Id);
        activity.SetTag(GatewayTags.EventType, envelope.EventType);
        var callback = new CallbackEvent
        {
            Id = envelope.Id,
            Name = name,
            MchId = merchant.MchId,
            EventType = envelope.EventType,
            CreateTime = envelope.CreateTime,
            Summary = envelope.Summary,
            ResourceType = envelope.ResourceType,
            OriginalType = envelope.Resource.OriginalType,
            Plaintext = plaintext!,
            TraceParent = activity.Id,
            AcceptedAt = timeProvider.GetUtcNow().ToUnixTimeMilliseconds(),
        };

        // Verified and decrypted, so the notification is WeChat Pay's: it is stored and acknowledged whatever the resource
        // holds (README "Callbacks"). Only the store decides the answer; every other step catches its own failure.
        // The state change is dropped from the status cache before answering, so that a poll right after this callback
        // sees the new state (bounded by the Redis timeout).
        await SideStepAsync(CallbackSideSteps.StatusCacheInvalidation, name, envelope.Id,
            () => statusCache.InvalidateFromCallbackAsync(name, merchant.MchId, envelope.EventType, plaintext!));
        switch (await store.AcceptAsync(callback, settings.DedupeWindow))
        {
            case AcceptOutcome.Accepted:
                context.Response.StatusCode = StatusCodes.Status204NoContent;
                SideStep(CallbackSideSteps.WakeWorker, name, envelope.Id, arrivals.Notify);
                SideStep(CallbackSideSteps.Record, name, envelope.Id, () =>
                {
                    metrics.Accepted(name, envelope.EventType);
                    LogAccepted(logger, envelope.Id, name, envelope.EventType);
                });
                return;
            case AcceptOutcome.Duplicate:
                context.Response.StatusCode = StatusCodes.Status204NoContent;
                SideStep(CallbackSideSteps.Record, name, envelope.Id, () =>
                {
                    metrics.Duplicate(name);
                    LogDuplicate(logger, envelope.Id, name);
                });
                return;
            default:
                LogStoreUnavailable(logger, envelope.Id, name, store.Kind);
                metrics.Rejected(name, "store_unavailable");
                await WriteFailAsync(context, StatusCodes.Status500InternalServerError, "the callback could not be stored; send it again");
                return;
        }
    }

    /// <summary>Runs a step that must not decide the answer of a verified callback: a failure is logged and counted, never thrown.</summary>
    private async Task SideStepAsync(string step, string name, string notificationId, Func<Task> action)
    {
        try
        {
            await action();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            SideStepFailed(step, name, notificationId, ex);
        }
    }

    private void SideStep(string step, string name, string notificationId, Action action)
    {
        try
        {
            action();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            SideStepFailed(step, name, notificationId, ex);
        }
    }

    private void SideStepFailed(string step, string name, string notificationId, Exception ex)
    {
        // The exception's type only: its message may quote the resource, which holds the payer's data.
        metrics.SideStepFailed(name, step);
        LogSideStepFailed(logger, step, notificationId, name, ex.GetType().Name);
    }

    private async Task RejectAsync(HttpContext context, string name, int status, string reason, string message, string detail, bool closeConnection = false)
    {
        metrics.Rejected(name, reason);
        LogRejected(logger, name, status, reason, detail);
        await WriteFailAsync(context, status, message, closeConnection);
    }

    /// <summary>
    /// WeChat Pay's failure answer (§4.2): <c>{"code":"FAIL","message":…}</c>, message at most 64 characters. With
    /// <paramref name="closeConnection"/> (the body was not read to a clean end) HTTP/1.x answers <c>Connection: close</c>, so
    /// whatever follows on the connection is never read as a request.
    /// </summary>
    private static Task WriteFailAsync(HttpContext context, int status, string message, bool closeConnection = false)
    {
        var response = context.Response;
        if (response.HasStarted)
        {
            context.Abort();
            return Task.CompletedTask;
        }

        response.Clear();
        response.StatusCode = status;
        response.Headers.CacheControl = "no-store";
        if (closeConnection && (HttpProtocol.IsHttp11(context.Request.Protocol) || HttpProtocol.IsHttp10(context.Request.Protocol)))
        {
            response.Headers.Connection = "close";
        }

        response.Headers[Transforms.Yarp.GatewayErrorResponse.MarkerHeader] = "true";
        response.ContentType = "application/json; charset=utf-8";
        var body = JsonSerializer.SerializeToUtf8Bytes(new FailBody("FAIL", message.Length > 64 ? message[..64] : message));
        response.ContentLength = body.Length;
        return response.Body.WriteAsync(body).AsTask();
    }

    /// <summary>
    /// The ingress span. Without a listener on the gateway's source there is still a span id to hand to the
    /// delivery (a plain Activity, child of the request's or of the incoming traceparent).
    /// </summary>
    private static Activity StartActivity(HttpContext context, string name)
    {
        var activity = GatewayTelemetry.ActivitySource.StartActivity(ActivityName, ActivityKind.Server);
        if (activity is null)
        {
            activity = new Activity(ActivityName);
            if (Activity.Current is null && context.Request.Headers.TryGetValue("traceparent", out var incoming)
                && ActivityContext.TryParse(incoming.ToString(), context.Request.Headers["tracestate"].ToString(), isRemote: true, out var parent))
            {
                activity.SetParentId(parent.TraceId, parent.SpanId, parent.TraceFlags);
            }

            activity.Start();
        }

        activity.SetTag(GatewayTags.CallbackTarget, name);
        return activity;
    }

    private static string Reason(VerificationFailure failure) => failure switch
    {
        VerificationFailure.MissingHeader => "missing_signature",
        VerificationFailure.UnsupportedSignatureType => "unsupported_signature_type",
        VerificationFailure.MalformedTimestamp => "malformed_timestamp",
        VerificationFailure.StaleTimestamp => "stale_timestamp",
        VerificationFailure.FutureTimestamp => "future_timestamp",
        VerificationFailure.UnknownSerial => "unknown_serial",
        VerificationFailure.ExpiredKey => "expired_key",
        VerificationFailure.SignatureProbe => "signature_probe",
        VerificationFailure.MalformedSignature => "malformed_signature",
        _ => "signature_mismatch",
    };

    private sealed record FailBody(
        [property: System.Text.Json.Serialization.JsonPropertyName("code")] string Code,
        [property: System.Text.Json.Serialization.JsonPropertyName("message")] string Message);

    [LoggerMessage(EventId = EventIds.CallbackAccepted, Level = LogLevel.Information,
        Message = "Callback {NotificationId} ({Name}, {EventType}) verified, decrypted and stored")]
    private static partial void LogAccepted(ILogger logger, string notificationId, string name, string eventType);

    [LoggerMessage(EventId = EventIds.CallbackDuplicate, Level = LogLevel.Information,
        Message = "Callback {NotificationId} ({Name}) was accepted before; acknowledged without a second delivery")]
    private static partial void LogDuplicate(ILogger logger, string notificationId, string name);

    [LoggerMessage(EventId = EventIds.CallbackRejected, Level = LogLevel.Warning,
        Message = "Callback to {Name} refused with {Status} ({Reason}): {Detail}")]
    private static partial void LogRejected(ILogger logger, string name, int status, string reason, string detail);

    [LoggerMessage(EventId = EventIds.CallbackStoreUnavailable, Level = LogLevel.Error,
        Message = "Callback {NotificationId} ({Name}) could not be stored ({Store} unavailable); answered 500 so WeChat Pay sends it again")]
    private static partial void LogStoreUnavailable(ILogger logger, string notificationId, string name, string store);

    [LoggerMessage(EventId = EventIds.CallbackSideStepFailed, Level = LogLevel.Warning,
        Message = "Step {Step} around callback {NotificationId} ({Name}) failed ({ExceptionType}); the callback is still stored and acknowledged")]
    private static partial void LogSideStepFailed(ILogger logger, string step, string notificationId, string name, string exceptionType);

    [LoggerMessage(EventId = EventIds.CallbackClientGone, Level = LogLevel.Information,
        Message = "Callback to {Name}: the sender went away before its body arrived ({ExceptionType}); connection closed")]
    private static partial void LogClientGone(ILogger logger, string name, string exceptionType);

    [LoggerMessage(EventId = EventIds.CallbackIngressFailed, Level = LogLevel.Error, Message = "Callback to {Name} failed unexpectedly; answered 500")]
    private static partial void LogIngressFailed(ILogger logger, Exception exception, string name);
}
