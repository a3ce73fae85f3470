using EdgeGateway.Caching;
using EdgeGateway.Callers;
using EdgeGateway.Callbacks;
using EdgeGateway.Certificates;
using EdgeGateway.Configuration;
using EdgeGateway.Health;
using EdgeGateway.Hosting;
using EdgeGateway.Idempotency;
using EdgeGateway.Management;
using EdgeGateway.Merchants;
using EdgeGateway.Proxy;
using EdgeGateway.Quotas;
using EdgeGateway.RateLimiting;
using EdgeGateway.Resilience;
using EdgeGateway.Sandbox;
using EdgeGateway.Storage;
using EdgeGateway.Telemetry;

namespace EdgeGateway;

/// <summary>
/// The gateway, assembled: this is the table of contents. <see cref="Create"/> is shared by <c>Program</c> and the
/// tests, which pass <c>configure</c> to layer their own settings. Composing starts no server: the host does,
/// in <c>StartAsync</c> (or <c>RunAsync</c>), the sandbox's simulator first and the listeners last.
/// </summary>
public static class GatewayApplication
{
    public static WebApplication Create(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = ContentRoot.Resolve(args) });
        builder.AddGatewayConfigFiles(args);
        builder.AddManagementListener();
        configure?.Invoke(builder);
        builder.AddServerHardening();
        builder.AddSandbox();
        builder.AddMerchants();
        builder.AddGatewayStorage();
        builder.AddPolicyCatalog();
        builder.AddWeChatPayProxy();
        builder.AddCallers();
        builder.AddRouteRateLimiting();
        builder.AddQuotas();
        builder.AddPlatformCertificates();
        builder.AddCallbacks();
        builder.AddResilience();
        builder.AddDuplicateGuard();
        builder.AddGatewayTelemetry();
        if (TelemetryExtensions.CheckConsoleWriteInterval(builder.Configuration) is { } consoleProblem)
        {
            StartupProblems.For(builder).AddErrors([consoleProblem]);
        }

        builder.AddGatewayHealth();
        builder.AddStatusCache();
        builder.AddGracefulShutdown();

        var app = builder.Build();
        app.Services.GetRequiredService<PolicyCatalogProvider>().Initialize();
        app.UseGatewayStorageMetrics();
        app.UseRequestTelemetry();
        app.UseGracefulShutdown();
        app.UseMiddleware<UnhandledErrorMiddleware>();
        app.UseRouting();
        app.UseMiddleware<ManagementPortGuardMiddleware>();
        app.UseMiddleware<RouteNotFoundMiddleware>();
        app.UseCallerAuthentication();
        app.UseRequestBodyBuffering();
        app.UseRequestTimeouts();
        app.UseRouteRateLimiting();

        var management = app.MapManagement();
        management.MapGet("/health/live", () => TypedResults.Ok(new { status = "live" }));
        app.MapCallbacks(management);
        management.MapResilience();
        management.MapGatewayHealth();
        management.MapGatewayMetrics();
        management.MapConfigurationApi();
        app.MapGatewayProxy();
        return app;
    }
}
