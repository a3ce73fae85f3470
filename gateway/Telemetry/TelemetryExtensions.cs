using System.Diagnostics.Metrics;
using System.Globalization;
using Microsoft.Extensions.Logging.Console;
using EdgeGateway.Management;
using EdgeGateway.Transforms.Yarp;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace EdgeGateway.Telemetry;

/// <summary>
/// The gateway's OpenTelemetry defaults in one place: which sources and meters are recorded, where they
/// go, and the per-request telemetry step. Export is configured only with the standard <c>OTEL_*</c>
/// settings (environment, appsettings.json or command line): OTLP when an OTLP endpoint is set, nothing
/// otherwise; Prometheus scraping on the management listener always.
/// </summary>
internal static partial class TelemetryExtensions
{
    /// <summary>YARP 2.3's own spans (<c>proxy.forwarder</c>).</summary>
    public const string YarpActivitySourceName = "Yarp.ReverseProxy";

    /// <summary>Any of these set turns OTLP export on (for all signals; the per-signal ones override the base).</summary>
    private static readonly string[] OtlpEndpointKeys =
        ["OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "OTEL_EXPORTER_OTLP_METRICS_ENDPOINT", "OTEL_EXPORTER_OTLP_LOGS_ENDPOINT"];

    public static WebApplicationBuilder AddGatewayTelemetry(this WebApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(TelemetryOptions.SectionName);
        var options = section.Get<TelemetryOptions>() ?? new TelemetryOptions();
        builder.Services.Configure<TelemetryOptions>(section);
        builder.Services.AddSingleton<RequestMetrics>();
        builder.Services.AddHostedService<TelemetryBanner>();
        UseBatchedConsole(builder.Services, options.ConsoleWriteInterval);

        builder.Services.ConfigureOpenTelemetryMeterProvider((services, metrics) => metrics.AddView(OwnInstrumentsOnly(services.GetRequiredService<IMeterFactory>())));
        var serviceName = builder.Configuration["OTEL_SERVICE_NAME"] is { Length: > 0 } configured ? configured : options.ServiceName;
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(serviceName, serviceVersion: typeof(TelemetryExtensions).Assembly.GetName().Version?.ToString()))
            .WithMetrics(metrics => metrics
                .AddMeter(GatewayTelemetry.MeterName)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddPrometheusExporter());

        if (options.TracingEnabled)
        {
            telemetry.WithTracing(tracing => tracing
                .AddSource(GatewayTelemetry.ActivitySourceName, WeChatPayTelemetry.ActivitySourceName, YarpActivitySourceName)
                // Probes and scrapes on the management listener would drown the traces that matter.
                .AddAspNetCoreInstrumentation(aspNetCore => aspNetCore.Filter = context => !ManagementListener.IsManagementConnection(context))
                .AddHttpClientInstrumentation());
        }

        if (IsOtlpConfigured(builder.Configuration))
        {
            builder.Services.Configure<OpenTelemetry.Logs.OpenTelemetryLoggerOptions>(logs => logs.IncludeFormattedMessage = true);
            telemetry.UseOtlpExporter();
        }

        return builder;
    }

    /// <summary>
    /// Puts <see cref="BatchedConsoleLoggerProvider"/> where the host registered the stock console logger (nothing
    /// when the console logger was removed, or when the interval is zero or out of range: the start reports that).
    /// </summary>
    private static void UseBatchedConsole(IServiceCollection services, TimeSpan interval)
    {
        if (interval == TimeSpan.Zero || CheckConsoleWriteInterval(interval) is not null)
        {
            return;
        }

        var stock = services.Where(d => d.ServiceType == typeof(ILoggerProvider) && d.ImplementationType == typeof(ConsoleLoggerProvider)).ToList();
        if (stock.Count == 0)
        {
            return;
        }

        foreach (var descriptor in stock)
        {
            services.Remove(descriptor);
        }

        services.AddSingleton<ILoggerProvider, BatchedConsoleLoggerProvider>();
    }

    /// <summary>The problem with <see cref="TelemetryOptions.ConsoleWriteInterval"/>, if any, for the start report.</summary>
    public static string? CheckConsoleWriteInterval(IConfiguration configuration) =>
        CheckConsoleWriteInterval((configuration.GetSection(TelemetryOptions.SectionName).Get<TelemetryOptions>() ?? new TelemetryOptions()).ConsoleWriteInterval);

    private static string? CheckConsoleWriteInterval(TimeSpan interval) =>
        interval < TimeSpan.Zero || interval > TelemetryOptions.LongestConsoleWriteInterval
            ? string.Create(CultureInfo.InvariantCulture, $"{TelemetryOptions.SectionName}:ConsoleWriteInterval is {interval}; use a duration from 00:00:00 (write every line at once) to 00:00:01, such as \"00:00:00.010\".")
            : null;

    /// <summary>
    /// Meters are process-wide: a second gateway in the same process (tests, an in-process benchmark) would
    /// otherwise report this one's instruments too. Instruments made by another container's
    /// <see cref="IMeterFactory"/> are dropped; global ones (the runtime's) are kept.
    /// </summary>
    private static Func<Instrument, MetricStreamConfiguration?> OwnInstrumentsOnly(IMeterFactory own) =>
        instrument => instrument.Meter.Scope is IMeterFactory factory && !ReferenceEquals(factory, own) ? MetricStreamConfiguration.Drop : null;

    /// <summary>True when an OTLP endpoint is configured; with none, nothing leaves the process.</summary>
    public static bool IsOtlpConfigured(IConfiguration configuration) =>
        !string.Equals(configuration["OTEL_SDK_DISABLED"], "true", StringComparison.OrdinalIgnoreCase)
        && OtlpEndpointKeys.Any(key => !string.IsNullOrWhiteSpace(configuration[key]));

    /// <summary>True when <see cref="TelemetryOptions.RedisCommandSpans"/> is on and spans are recorded at all.</summary>
    public static bool RedisCommandSpansOn(IConfiguration configuration) =>
        (configuration.GetSection(TelemetryOptions.SectionName).Get<TelemetryOptions>() ?? new TelemetryOptions()) is { TracingEnabled: true, RedisCommandSpans: true };

    /// <summary>
    /// Registers the <see cref="IRequestCallerSource"/> that names the caller of a request, for a feature
    /// that keeps its caller in its own HttpContext feature: <c>AddRequestCallerSource(c =&gt; c.Features.Get&lt;X&gt;()?.Name)</c>.
    /// </summary>
    public static IServiceCollection AddRequestCallerSource(this IServiceCollection services, Func<HttpContext, string?> getCallerName) =>
        services.AddSingleton<IRequestCallerSource>(new DelegateCallerSource(getCallerName));

    /// <summary>Prometheus scraping at <c>/metrics</c> (<see cref="TelemetryOptions.MetricsPath"/>) on the management listener.</summary>
    public static RouteGroupBuilder MapGatewayMetrics(this RouteGroupBuilder management)
    {
        var path = ((IEndpointRouteBuilder)management).ServiceProvider.GetRequiredService<IOptions<TelemetryOptions>>().Value.MetricsPath;
        management.MapPrometheusScrapingEndpoint(path);
        return management;
    }

    /// <summary>Says at start what is traced and where telemetry goes (never the endpoint's credentials).</summary>
    private sealed partial class TelemetryBanner(IOptions<TelemetryOptions> options, IConfiguration configuration, ILogger<TelemetryBanner> logger) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            LogConfigured(logger, options.Value.TracingEnabled ? "on" : "off", configuration["OTEL_TRACES_SAMPLER"] ?? "parentbased_always_on",
                IsOtlpConfigured(configuration) ? "on" : "off (no OTEL_EXPORTER_OTLP_ENDPOINT)", options.Value.MetricsPath);
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        [LoggerMessage(EventId = EventIds.TelemetryConfigured, Level = LogLevel.Information,
            Message = "Telemetry: tracing {Tracing} (sampler {Sampler}), OTLP export {Otlp}, Prometheus metrics at {MetricsPath} on the management listener")]
        private static partial void LogConfigured(ILogger logger, string tracing, string sampler, string otlp, string metricsPath);
    }
}
