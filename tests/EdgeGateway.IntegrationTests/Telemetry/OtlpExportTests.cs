using System.Diagnostics;
using System.Net;
using System.Text;
using EdgeGateway.IntegrationTests.Infrastructure;
using EdgeGateway.Telemetry;
using Microsoft.Extensions.Configuration;

namespace EdgeGateway.IntegrationTests.Telemetry;

/// <summary>OTLP/HTTP export, switched on by the standard OTEL_EXPORTER_OTLP_* settings and by nothing else.</summary>
public sealed class OtlpExportTests
{
    [Fact]
    public async Task OtlpEndpointSet_TracesMetricsAndLogsArePostedAsProtobuf()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        await using var host = await GatewayTestHost.StartAsync(new Dictionary<string, string?>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = receiver.Address.ToString().TrimEnd('/'),
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_BSP_SCHEDULE_DELAY"] = "100",
            ["OTEL_BLRP_SCHEDULE_DELAY"] = "100",
            ["OTEL_METRIC_EXPORT_INTERVAL"] = "500",
        });
        var (traceId, _, traceparent) = TracingTests.NewTraceparent();

        using var request = new HttpRequestMessage(HttpMethod.Post, "/v3/pay/transactions/jsapi")
        {
            Content = Payloads.Json(Payloads.JsapiPrepay(host.Keys.MchId, Payloads.NewOutTradeNo())),
        };
        request.Headers.Add("traceparent", traceparent);
        using var response = await host.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var traceBytes = TraceIdBytes(traceId);
        var traces = await receiver.WaitForAsync("/v1/traces", e => e.Contains(traceBytes) && e.Contains(Encoding.UTF8.GetBytes(GatewaySpans.Sign)));
        Assert.NotNull(traces);
        Assert.Equal("POST", traces.Method);
        Assert.Equal("application/x-protobuf", traces.ContentType);

        var metrics = await receiver.WaitForAsync("/v1/metrics", e => e.Contains("edgegateway.proxy.requests"u8));
        Assert.NotNull(metrics);
        Assert.Equal("application/x-protobuf", metrics.ContentType);

        // The request's log line travels with its trace id, like the line in the local log.
        var logs = await receiver.WaitForAsync("/v1/logs", e => e.Contains(traceBytes) && e.Contains("pay-jsapi answered 200"u8));
        Assert.NotNull(logs);
        Assert.Equal("application/x-protobuf", logs.ContentType);
    }

    [Theory]
    [InlineData(null, null, false)]
    [InlineData("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318", true)]
    [InlineData("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "http://collector:4318/v1/traces", true)]
    [InlineData("OTEL_EXPORTER_OTLP_METRICS_ENDPOINT", "http://collector:4318/v1/metrics", true)]
    [InlineData("OTEL_EXPORTER_OTLP_LOGS_ENDPOINT", "http://collector:4318/v1/logs", true)]
    [InlineData("OTEL_EXPORTER_OTLP_ENDPOINT", " ", false)]
    [InlineData("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf", false)]
    public void IsOtlpConfigured_OnlyAnEndpointTurnsExportOn(string? key, string? value, bool expected)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(key is null ? [] : [new KeyValuePair<string, string?>(key, value)])
            .Build();

        Assert.Equal(expected, TelemetryExtensions.IsOtlpConfigured(configuration));
    }

    [Fact]
    public void IsOtlpConfigured_SdkDisabled_WinsOverAnEndpoint()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "http://collector:4318",
            ["OTEL_SDK_DISABLED"] = "true",
        }).Build();

        Assert.False(TelemetryExtensions.IsOtlpConfigured(configuration));
    }

    private static byte[] TraceIdBytes(ActivityTraceId traceId)
    {
        var bytes = new byte[16];
        traceId.CopyTo(bytes);
        return bytes;
    }
}
