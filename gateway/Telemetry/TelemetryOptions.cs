namespace EdgeGateway.Telemetry;

/// <summary>
/// <c>EdgeGateway:Telemetry</c>: the few switches that are the gateway's own. Everything about export
/// (where, how often, sampling, resource attributes) is set with the standard <c>OTEL_*</c> variables,
/// read from configuration, so they also work from appsettings.json or the command line.
/// </summary>
public sealed class TelemetryOptions
{
    public const string SectionName = "EdgeGateway:Telemetry";

    /// <summary>
    /// Record spans at all. Optional, default <c>true</c>. <c>false</c> registers no tracer: no span is
    /// recorded or exported, while the caller's trace id is still continued upstream and written in the
    /// request log. To keep tracing but record less, set <c>OTEL_TRACES_SAMPLER=parentbased_traceidratio</c>
    /// and <c>OTEL_TRACES_SAMPLER_ARG</c> instead.
    /// </summary>
    public bool TracingEnabled { get; set; } = true;

    /// <summary>
    /// Record a span per Redis command (StackExchange.Redis instrumentation) while tracing. Optional, default
    /// <c>false</c>: the gateway's own spans (quota, duplicate guard, status cache, callbacks) already time each Redis
    /// step, and per-command spans cost CPU on every request (the instrumentation keeps a profiling session per
    /// activity and drains it); turn them on to see single commands while investigating Redis.
    /// </summary>
    public bool RedisCommandSpans { get; set; }

    /// <summary>
    /// The service name on every span and metric when <c>OTEL_SERVICE_NAME</c> is not set. Optional,
    /// default <c>edgegateway</c>.
    /// </summary>
    public string ServiceName { get; set; } = "edgegateway";

    /// <summary>
    /// The console log is written in batches: after a write, the writing thread waits this long before it writes
    /// again, so under load a line per request costs no thread wake-up and no system call of its own. Optional,
    /// default 10 ms, at most 1 s: a line appears at most this much later. <c>00:00:00</c> uses the stock .NET
    /// console logger, which wakes its thread and writes once for every line.
    /// </summary>
    public TimeSpan ConsoleWriteInterval { get; set; } = DefaultConsoleWriteInterval;

    /// <summary>The default of <see cref="ConsoleWriteInterval"/>.</summary>
    public static readonly TimeSpan DefaultConsoleWriteInterval = TimeSpan.FromMilliseconds(10);

    /// <summary>The longest <see cref="ConsoleWriteInterval"/> accepted.</summary>
    public static readonly TimeSpan LongestConsoleWriteInterval = TimeSpan.FromSeconds(1);

    /// <summary>Path of the Prometheus scraping endpoint on the management listener. Optional, default <c>/metrics</c>.</summary>
    public string MetricsPath { get; set; } = "/metrics";
}
