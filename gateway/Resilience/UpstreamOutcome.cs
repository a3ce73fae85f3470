using EdgeGateway.Transforms.Yarp;
using Microsoft.AspNetCore.Http.Timeouts;
using Yarp.ReverseProxy.Forwarder;

namespace EdgeGateway.Resilience;

/// <summary>
/// How one forwarded request counts for its route's circuit breaker. Failures are what says WeChat Pay is
/// unwell: a transport error, a timeout, a 5xx. A 4xx business error, an answer whose signature did not
/// verify and a caller that went away are not.
/// </summary>
internal readonly record struct UpstreamOutcome(bool IsFailure, string Kind)
{
    public static UpstreamOutcome Classify(HttpContext context)
    {
        if (context.Features.Get<IForwarderErrorFeature>() is { Error: not ForwarderError.None } error)
        {
            // As in ForwarderErrorMiddleware: the route timeout cancels RequestAborted, which YARP reports as a cancellation.
            var timedOut = error.Error == ForwarderError.RequestTimedOut
                           || context.Features.Get<IHttpRequestTimeoutFeature>()?.RequestTimeoutToken.IsCancellationRequested == true;
            if (timedOut)
            {
                return new(true, "timeout");
            }

            return error.Error switch
            {
                ForwarderError.Request or ForwarderError.ResponseHeaders or ForwarderError.RequestBodyDestination
                    or ForwarderError.ResponseBodyDestination => new(true, "transport_error"),
                _ => new(false, "not_upstream"), // the caller went away, or no destination was configured
            };
        }

        var status = context.Features.Get<WeChatPayAnswer>()?.UpstreamStatus ?? context.Response.StatusCode;
        return status >= 500 ? new(true, "server_error") : new(false, "answered");
    }
}
