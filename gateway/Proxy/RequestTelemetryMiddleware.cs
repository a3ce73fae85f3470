using EdgeGateway.Management;
using Microsoft.AspNetCore.Http.Features;
using EdgeGateway.Telemetry;
using EdgeGateway.Transforms.Yarp;
using Yarp.ReverseProxy.Model;
using EdgeGateway.Requests;

namespace EdgeGateway.Proxy;

/// <summary>
/// The outermost step of the public pipeline: once a request is answered, it writes the one log line
/// per request, records the RED metrics and signature failures, and labels the server span with what
/// the gateway learned (route, caller, merchant, order, WeChat Pay's status and Request-ID). It runs
/// outside the error handler so it sees the final status, including the 500 of a bug.
/// Management-listener requests (probes, scrapes) are not proxy traffic and pass untouched.
/// </summary>
internal sealed partial class RequestTelemetryMiddleware(
    RequestDelegate next,
    RequestMetrics metrics,
    IEnumerable<IRequestCallerSource> callerSources,
    TimeProvider timeProvider,
    ILogger<RequestTelemetryMiddleware> logger)
{
    private readonly IRequestCallerSource[] _callerSources = [.. callerSources];

    public async Task InvokeAsync(HttpContext context)
    {
        if (ManagementListener.IsManagementConnection(context))
        {
            await next(context);
            return;
        }

        var started = timeProvider.GetTimestamp();
        try
        {
            await next(context);
        }
        finally
        {
            Complete(context, timeProvider.GetElapsedTime(started));
        }
    }

    private void Complete(HttpContext context, TimeSpan duration)
    {
        var route = context.GetEndpoint()?.Metadata.GetMetadata<RouteModel>()?.Config.RouteId ?? GatewayTags.NoRoute;
        var status = AnsweredStatus.Of(context);
        var errorCode = context.Features.Get<GatewayErrorFeature>()?.Code;
        var caller = CallerName(context);
        var answer = context.Features.Get<WeChatPayAnswer>();
        var request = context.Features.Get<PreparedRequest>();

        if (answer?.Signature == AnswerSignature.Unsigned && errorCode is null)
        {
            metrics.UnsignedAnswer(route, status);
        }

        if (answer?.Verification is { IsValid: false } verification)
        {
            metrics.VerificationFailed(GatewayTags.SourceResponse, route, verification.Failure);
            LogSignatureInvalid(logger, route, verification.Failure.ToString(), verification.Describe(), answer.UpstreamStatus, answer.UpstreamRequestId);
        }

        // Last of the request's metrics: once it is recorded, the ones above are too.
        metrics.RequestCompleted(route, status, caller, errorCode, duration);

        var server = context.Features.Get<IHttpActivityFeature>()?.Activity;
        if (server is { IsAllDataRequested: true })
        {
            server.SetTag(GatewayTags.Route, route);
            server.SetTag(GatewayTags.Caller, caller);
            server.SetTag(GatewayTags.ErrorCode, errorCode);
            server.SetTag(GatewayTags.MchId, request?.Identifiers.MchId ?? request?.Merchant.MchId);
            server.SetTag(GatewayTags.SpMchId, request?.Identifiers.SpMchId);
            server.SetTag(GatewayTags.OutTradeNo, request?.Identifiers.OutTradeNo);
            server.SetTag(GatewayTags.OutRefundNo, request?.Identifiers.OutRefundNo);
            server.SetTag(GatewayTags.UpstreamStatus, answer?.UpstreamStatus);
            server.SetTag(GatewayTags.WeChatPayRequestId, answer?.UpstreamRequestId);
        }

        LogRequestCompleted(logger, context.Request.Method, route, status, Math.Round(duration.TotalMilliseconds, 1), caller ?? "-",
            errorCode ?? "-", answer?.UpstreamStatus, answer?.UpstreamRequestId ?? "-", server?.TraceId.ToHexString() ?? "-");
    }

    private string? CallerName(HttpContext context)
    {
        foreach (var source in _callerSources)
        {
            if (source.GetCallerName(context) is { Length: > 0 } name)
            {
                return name;
            }
        }

        return null;
    }

    // No path, query, header or body is logged: paths carry order numbers at best, but bodies and
    // headers carry openids, names and Authorization values. The trace id leads to the rest.
    [LoggerMessage(EventId = EventIds.RequestCompleted, Level = LogLevel.Information,
        Message = "{Method} {Route} answered {Status} in {DurationMs} ms (caller {Caller}, error {ErrorCode}, WeChat Pay status {UpstreamStatus} Request-ID {UpstreamRequestId}, trace {TraceId})")]
    private static partial void LogRequestCompleted(ILogger logger, string method, string route, int status, double durationMs, string caller,
        string errorCode, int? upstreamStatus, string upstreamRequestId, string traceId);

    [LoggerMessage(EventId = EventIds.UpstreamSignatureInvalid, Level = LogLevel.Warning,
        Message = "WeChat Pay's answer on route {Route} failed verification ({Reason}: {Description}); upstream status {UpstreamStatus}, Request-ID {UpstreamRequestId}. The body was withheld.")]
    private static partial void LogSignatureInvalid(ILogger logger, string route, string reason, string description, int? upstreamStatus, string? upstreamRequestId);
}
