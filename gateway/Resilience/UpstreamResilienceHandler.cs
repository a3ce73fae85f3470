using EdgeGateway.Telemetry;
using EdgeGateway.Transforms.Yarp;
using Polly;
using Yarp.ReverseProxy.Model;

namespace EdgeGateway.Resilience;

/// <summary>
/// Sits between YARP and the socket handler of the WeChat Pay cluster. Two jobs, both invisible to YARP:
/// <list type="bullet">
/// <item>Failover: when the chosen destination cannot be connected to (nothing was sent), the request goes once
/// to the other destination — a money-moving POST with the identical body (docs/PROTOCOL.md §1.1, §7).</item>
/// <item>Query retries (GET routes naming a retry policy), all inside the route timeout, whose cancellation reaches every wait here; each query deposits in its cluster's retry budget and
/// each retry spends from it, so a failing WeChat Pay sees a bounded share of extra calls.</item>
/// </list>
/// A POST is never sent twice once it may have reached WeChat Pay. Every attempt is signed afresh as it leaves, by
/// <see cref="WeChatPaySigningHandler"/> below this handler: the one place a forwarded request is signed.
/// </summary>
internal sealed partial class UpstreamResilienceHandler(QueryRetryPipelines retries, RetryBudgets budgets, ConnectFailureHealthPolicy health,
    ResilienceMetrics metrics, ILogger<UpstreamResilienceHandler> logger) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (!request.Options.TryGetValue(UpstreamCall.RequestOptionsKey, out var call))
        {
            return await base.SendAsync(request, cancellationToken);
        }

        SendFromBuffer(request, call);

        if (call.Retry is null)
        {
            return await SendWithFailoverAsync(request, call, cancellationToken);
        }

        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(QueryRetryPipelines.CallKey, call);
        var budget = budgets.For(call.Cluster.ClusterId, call.RetryPolicyName ?? string.Empty, call.Retry.Budget);
        budget.Deposit();
        context.Properties.Set(QueryRetryPipelines.BudgetKey, budget);
        try
        {
            var attempt = new QueryAttempt(this, request, call);
            var outcome = await retries.For(call.Retry).ExecuteOutcomeAsync(static async (ctx, state) =>
            {
                try
                {
                    return Outcome.FromResult(await state.SendAsync(ctx.CancellationToken));
                }
                catch (Exception ex)
                {
                    return Outcome.FromException<HttpResponseMessage>(ex);
                }
            }, context, attempt);
            outcome.ThrowIfException();
            return outcome.Result!;
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private async Task<HttpResponseMessage> SendWithFailoverAsync(HttpRequestMessage request, UpstreamCall call, CancellationToken cancellationToken)
    {
        var current = call.FailedOverTo ?? call.Destination;
        try
        {
            return await base.SendAsync(request, cancellationToken);
        }
        catch (Exception ex) when (TransportFailure.NothingSent(ex, cancellationToken))
        {
            call.MarkUnreachable(current);
            health.MarkUnreachable(call.Cluster, current);
            if (call.FailedOverTo is not null || call.AlternativeTo(current) is not { } alternative || (request.Content is not null && call.Body is null))
            {
                throw;
            }

            Redirect(request, call, current, alternative);
            call.FailedOverTo = alternative;
            metrics.Failover(call.Cluster.ClusterId, current.DestinationId, alternative.DestinationId);
            LogFailover(logger, current.DestinationId, call.Cluster.ClusterId, Describe(ex), call.RouteId, alternative.DestinationId);
        }

        try
        {
            return await base.SendAsync(request, cancellationToken);
        }
        catch (Exception ex) when (TransportFailure.NothingSent(ex, cancellationToken))
        {
            call.MarkUnreachable(call.FailedOverTo);
            health.MarkUnreachable(call.Cluster, call.FailedOverTo);
            throw;
        }
    }

    /// <summary>
    /// Points the request at <paramref name="to"/>, same path and query, with the body again from the buffered bytes
    /// and the same content headers. The signing handler below signs it for its new address.
    /// </summary>
    private static void Redirect(HttpRequestMessage request, UpstreamCall call, DestinationState from, DestinationState to)
    {
        var original = request.RequestUri ?? throw new InvalidOperationException("The request has no RequestUri.");
        var fromBase = new Uri(from.Model.Config.Address);
        var toBase = new Uri(to.Model.Config.Address);
        var pathAndQuery = original.PathAndQuery;
        var fromPath = fromBase.AbsolutePath.TrimEnd('/');
        if (fromPath.Length > 0 && pathAndQuery.StartsWith(fromPath, StringComparison.Ordinal))
        {
            pathAndQuery = pathAndQuery[fromPath.Length..];
        }

        request.RequestUri = new Uri(toBase.GetLeftPart(UriPartial.Authority) + toBase.AbsolutePath.TrimEnd('/') + pathAndQuery);
        if (request.Content is not null)
        {
            request.Content = BufferedContent.Of(call.Body!.Value, request.Content);
        }
    }

    /// <summary>
    /// Sends the body from the bytes the gateway already holds instead of YARP's streaming content (<see cref="BufferedContent"/>):
    /// the same bytes, the prepared body YARP would copy from the request, in one write with the headers instead of two.
    /// A request the gateway has not buffered keeps YARP's.
    /// </summary>
    private static void SendFromBuffer(HttpRequestMessage request, UpstreamCall call)
    {
        if (request.Content is { } content && content is not ReadOnlyMemoryContent && call.Body is { } body)
        {
            request.Content = BufferedContent.Of(body, content);
        }
    }

    private static string Describe(Exception exception) => exception switch
    {
        HttpRequestException http => http.HttpRequestError.ToString(),
        _ => "ConnectTimeout",
    };

    [LoggerMessage(EventId = EventIds.FailoverToOtherDestination, Level = LogLevel.Warning,
        Message = "Destination {DestinationId} of cluster {ClusterId} could not be connected to ({Failure}); nothing was sent, so the request on route {RouteId} goes to {AlternativeId}")]
    private static partial void LogFailover(ILogger logger, string destinationId, string clusterId, string failure, string routeId, string alternativeId);

    /// <summary>
    /// One attempt of a query being retried. Each leaves with a new timestamp and nonce from the signing handler:
    /// WeChat Pay refuses a replayed nonce, and a stale timestamp ages out.
    /// </summary>
    private sealed class QueryAttempt(UpstreamResilienceHandler handler, HttpRequestMessage request, UpstreamCall call)
    {
        public Task<HttpResponseMessage> SendAsync(CancellationToken cancellationToken) =>
            handler.SendWithFailoverAsync(request, call, cancellationToken);
    }
}
