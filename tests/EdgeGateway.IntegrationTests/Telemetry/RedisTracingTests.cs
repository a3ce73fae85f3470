using System.Diagnostics;
using EdgeGateway.IntegrationTests.Infrastructure;
using EdgeGateway.Storage;
using OpenTelemetry.Trace;

namespace EdgeGateway.IntegrationTests.Telemetry;

/// <summary>Commands on the gateway's lazily created Redis connection appear as spans of the trace that issued them.</summary>
public sealed class RedisTracingTests
{
    private static readonly ActivitySource TestSource = new("EdgeGateway.IntegrationTests.RedisTracing");

    [Fact]
    public async Task RedisCommand_InsideATrace_IsRecordedAsAChildSpan()
    {
        var redis = await RedisServer.SharedAsync();
        var spans = new SpanCapture();
        await using var host = await GatewayTestHost.StartAsync(new Dictionary<string, string?>
        {
            ["EdgeGateway:Redis:Configuration"] = redis.Endpoint,
            ["EdgeGateway:Redis:KeyPrefix"] = RedisServer.NewPrefix(nameof(RedisCommand_InsideATrace_IsRecordedAsAChildSpan)),
            ["EdgeGateway:Telemetry:RedisCommandSpans"] = "true",
        }, configureGateway: builder =>
        {
            spans.AttachTo(builder);
            builder.Services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddSource(TestSource.Name));
        });
        await host.Service<RedisTracing>().Attached.WaitAsync(TimeSpan.FromSeconds(30));
        var connection = host.Service<RedisConnection>();

        ActivityTraceId traceId;
        using (var parent = TestSource.StartActivity("feature step"))
        {
            Assert.NotNull(parent);
            traceId = parent.TraceId;
            var database = await connection.GetDatabaseAsync();
            await database.StringSetAsync(connection.Key("traced"), "1", TimeSpan.FromMinutes(1));
        }

        var trace = await spans.WaitForAsync(traceId, "SETEX");
        var command = Assert.Single(trace, s => s.Source.Name.Contains("StackExchangeRedis", StringComparison.Ordinal));
        Assert.Equal(ActivityKind.Client, command.Kind);
        Assert.Equal(trace.Single(s => s.Source == TestSource).SpanId, command.ParentSpanId);
        Assert.Equal("SETEX", command.DisplayName);
    }
}
