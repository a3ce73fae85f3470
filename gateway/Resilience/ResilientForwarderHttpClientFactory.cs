using EdgeGateway.Transforms.WeChatPay;
using EdgeGateway.Transforms.Yarp;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Forwarder;

namespace EdgeGateway.Resilience;

/// <summary>
/// YARP's client factory with the gateway's resilience below the proxy: a bounded connect timeout (so an
/// unreachable destination fails fast enough to fail over inside the route timeout) and
/// <see cref="UpstreamResilienceHandler"/> around <see cref="WeChatPaySigningHandler"/> (which signs every attempt as it
/// leaves) around the socket handler; trace context, but no baggage, propagated
/// (<see cref="TraceContextOnlyPropagator"/>).
/// </summary>
internal sealed class ResilientForwarderHttpClientFactory(
    ILogger<ForwarderHttpClientFactory> factoryLogger,
    IOptions<ResilienceOptions> options,
    RequestSigner signer,
    QueryRetryPipelines retries,
    RetryBudgets budgets,
    ConnectFailureHealthPolicy health,
    ResilienceMetrics metrics,
    ILogger<UpstreamResilienceHandler> handlerLogger) : ForwarderHttpClientFactory(factoryLogger)
{
    protected override void ConfigureHandler(ForwarderHttpClientContext context, SocketsHttpHandler handler)
    {
        base.ConfigureHandler(context, handler);
        handler.ConnectTimeout = options.Value.ConnectTimeout;
        if (handler.ActivityHeadersPropagator is { } propagator)
        {
            handler.ActivityHeadersPropagator = new TraceContextOnlyPropagator(propagator);
        }
    }

    protected override HttpMessageHandler WrapHandler(ForwarderHttpClientContext context, HttpMessageHandler handler) =>
        new UpstreamResilienceHandler(retries, budgets, health, metrics, handlerLogger)
        {
            InnerHandler = new WeChatPaySigningHandler(signer) { InnerHandler = handler },
        };
}
