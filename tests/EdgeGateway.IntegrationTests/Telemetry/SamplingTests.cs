using System.Diagnostics;
using System.Net;
using EdgeGateway.IntegrationTests.Infrastructure;
using EdgeGateway.Telemetry;

namespace EdgeGateway.IntegrationTests.Telemetry;

/// <summary>Sampling is configured with the standard OTEL_TRACES_SAMPLER variables and honours the caller's decision.</summary>
[Collection(SequentialCollection.Name)]
public sealed class SamplingTests
{
    [Fact]
    public async Task ParentBasedRatioZero_UnsampledRootsAreNotRecordedButSampledCallersAre()
    {
        var spans = new SpanCapture();
        await using var host = await GatewayTestHost.StartAsync(new Dictionary<string, string?>
        {
            ["OTEL_TRACES_SAMPLER"] = "parentbased_traceidratio",
            ["OTEL_TRACES_SAMPLER_ARG"] = "0",
        }, configureGateway: spans.AttachTo);
        var query = $"/v3/pay/transactions/out-trade-no/NOSUCHORDER1?mchid={host.Keys.MchId}";

        using (var unsampled = await host.Client.GetAsync(query))
        {
            Assert.Equal(HttpStatusCode.NotFound, unsampled.StatusCode);
        }

        var (sampledTrace, _, traceparent) = TracingTests.NewTraceparent();
        using var request = new HttpRequestMessage(HttpMethod.Get, query);
        request.Headers.Add("traceparent", traceparent);
        using var sampled = await host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, sampled.StatusCode);
        Assert.NotEmpty(await spans.WaitForAsync(sampledTrace, GatewaySpans.Prepare, GatewaySpans.Verify));
        // The unsampled request still carried a trace id upstream (flag 00), and nothing of it was recorded.
        var first = host.Simulator.Requests.First(r => r.Target.Contains("NOSUCHORDER1", StringComparison.Ordinal)).TraceParent;
        Assert.NotNull(first);
        Assert.EndsWith("-00", first, StringComparison.Ordinal);
        Assert.Empty(spans.InTrace(ActivityTraceId.CreateFromString(first.Split('-')[1])));
    }
}
