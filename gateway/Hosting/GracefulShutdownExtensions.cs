using EdgeGateway.Callbacks;
using EdgeGateway.Configuration;

namespace EdgeGateway.Hosting;

internal static class GracefulShutdownExtensions
{
    /// <summary>
    /// On SIGTERM the host stops Kestrel, which stops accepting connections at once and lets requests in flight
    /// finish for up to <c>EdgeGateway:ShutdownTimeout</c> (the host's ShutdownTimeout), then the callback worker
    /// finishes or hands back its deliveries. Requests still running when the time is up are cut off.
    /// </summary>
    public static WebApplicationBuilder AddGracefulShutdown(this WebApplicationBuilder builder)
    {
        var problems = new List<string>();
        TimeSpan timeout;
        try
        {
            timeout = builder.Configuration.GetValue(ShutdownOptions.Key, ShutdownOptions.DefaultTimeout);
        }
        catch (InvalidOperationException)
        {
            problems.Add($"{ShutdownOptions.Key} is '{builder.Configuration[ShutdownOptions.Key]}'; write a duration such as \"00:00:30\".");
            timeout = ShutdownOptions.DefaultTimeout;
        }

        if (timeout < ShutdownOptions.ShortestTimeout || timeout > ShutdownOptions.LongestTimeout)
        {
            problems.Add($"{ShutdownOptions.Key} is {timeout}; use 00:00:01 to 00:10:00 (how long requests in flight may finish on shutdown).");
        }

        var grace = builder.Configuration.GetSection(CallbackOptions.SectionName).Get<CallbackOptions>()?.ShutdownGrace ?? new CallbackOptions().ShutdownGrace;
        if (problems.Count == 0 && grace >= timeout)
        {
            problems.Add($"{CallbackOptions.SectionName}:ShutdownGrace ({grace}) must be shorter than {ShutdownOptions.Key} ({timeout}), or the host would stop before deliveries in flight could finish or be handed back.");
        }

        var readinessDelay = TimeSpan.Zero;
        try
        {
            readinessDelay = builder.Configuration.GetValue(ShutdownOptions.ReadinessDelayKey, TimeSpan.Zero);
        }
        catch (InvalidOperationException)
        {
            problems.Add($"{ShutdownOptions.ReadinessDelayKey} is '{builder.Configuration[ShutdownOptions.ReadinessDelayKey]}'; write a duration such as \"00:00:05\".");
        }

        if (readinessDelay < TimeSpan.Zero || (problems.Count == 0 && readinessDelay >= timeout))
        {
            problems.Add($"{ShutdownOptions.ReadinessDelayKey} ({readinessDelay}) must be at least 0 and shorter than {ShutdownOptions.Key} ({timeout}), or requests in flight would get no time to finish.");
        }

        StartupProblems.For(builder).AddErrors(problems);
        builder.Services.AddSingleton(new ShutdownReadinessDelay(readinessDelay));
        builder.Services.AddHostedService(services => services.GetRequiredService<ShutdownReadinessDelay>());
        builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = timeout);
        builder.Services.AddSingleton<InFlightRequests>();
        builder.Services.AddHostedService<ShutdownLog>();
        return builder;
    }

    /// <summary>Counts requests in flight; first in the pipeline, so a shutdown sees every request it waits for.</summary>
    public static WebApplication UseGracefulShutdown(this WebApplication app)
    {
        app.UseMiddleware<InFlightRequestsMiddleware>();
        return app;
    }
}
