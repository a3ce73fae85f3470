using System.Diagnostics;
using EdgeGateway.IntegrationTests.Infrastructure;
using EdgeGateway.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;

namespace EdgeGateway.IntegrationTests.Telemetry;

/// <summary>
/// The convention for work that crosses a queue (a callback stored at ingress, delivered later by a
/// worker): the delivery span continues the ingress trace, and the HTTP call it makes carries it.
/// </summary>
public sealed class StoredTraceContextTests
{
    private static readonly ActivitySource Ingress = new("EdgeGateway.IntegrationTests.Ingress");

    [Fact]
    public async Task Delivery_StartedFromTheStoredContext_ContinuesTheIngressTraceOnTheWire()
    {
        var spans = new SpanCapture();
        await using var host = await GatewayTestHost.StartAsync(configureGateway: builder =>
        {
            spans.AttachTo(builder);
            builder.Services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddSource(Ingress.Name));
        });

        ActivityTraceId ingressTrace;
        (string? TraceParent, string? TraceState) stored;
        using (var ingress = Ingress.StartActivity(GatewaySpans.CallbackIngress, ActivityKind.Server))
        {
            Assert.NotNull(ingress);
            ingress.TraceStateString = "wechatpay=notify";
            ingressTrace = ingress.TraceId;
            stored = StoredTraceContext.Capture();
        }

        Assert.Null(Activity.Current); // the worker runs later, outside the ingress request
        using (var delivery = StoredTraceContext.StartActivity(GatewaySpans.CallbackDelivery, ActivityKind.Client, stored.TraceParent, stored.TraceState))
        {
            Assert.NotNull(delivery);
            using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false });
            using var response = await client.GetAsync(new Uri(host.Simulator.BaseAddress, "/v3/certificates"));
        }

        var trace = await spans.WaitForAsync(ingressTrace, GatewaySpans.CallbackIngress, GatewaySpans.CallbackDelivery);
        var ingressSpan = Assert.Single(trace, s => s.OperationName == GatewaySpans.CallbackIngress);
        var deliverySpan = Assert.Single(trace, s => s.OperationName == GatewaySpans.CallbackDelivery);
        Assert.Equal(ingressSpan.SpanId, deliverySpan.ParentSpanId);
        Assert.Equal("wechatpay=notify", deliverySpan.TraceStateString);
        Assert.StartsWith($"00-{ingressTrace}-", host.Simulator.Requests.Single().TraceParent, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not-a-traceparent")]
    public void StartActivity_WithoutAUsableStoredContext_StartsANewTrace(string? traceParent)
    {
        Assert.Equal((null, null), WithoutCurrent(StoredTraceContext.Capture));
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == GatewayTelemetry.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(listener);

        using var activity = WithoutCurrent(() => StoredTraceContext.StartActivity(GatewaySpans.CallbackDelivery, ActivityKind.Client, traceParent));

        Assert.NotNull(activity);
        Assert.Equal(default, activity.ParentSpanId);
    }

    private static T WithoutCurrent<T>(Func<T> action)
    {
        var previous = Activity.Current;
        Activity.Current = null;
        try
        {
            return action();
        }
        finally
        {
            Activity.Current = previous;
        }
    }
}
