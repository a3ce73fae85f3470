using EdgeGateway.Configuration;
using EdgeGateway.RateLimiting.Validation;
using Microsoft.AspNetCore.RateLimiting;

namespace EdgeGateway.RateLimiting;

internal static class RateLimitingExtensions
{
    /// <summary>
    /// ASP.NET Core's rate limiter with one policy per name in <c>Policies.RateLimits</c> (routes name it with YARP's
    /// <c>RateLimiterPolicy</c>), answering 429 <c>RATE_LIMITED</c>.
    /// </summary>
    public static WebApplicationBuilder AddRouteRateLimiting(this WebApplicationBuilder builder)
    {
        // The names only (a value of the wrong type in a policy is reported with every other problem when the configuration is validated).
        var names = builder.Configuration.GetSection($"{PolicyCatalog.SectionName}:{nameof(PolicyCatalog.RateLimits)}").GetChildren().Select(c => c.Key).ToArray();
        builder.Services.AddSingleton(new RegisteredRateLimitPolicies(names));
        builder.Services.AddSingleton<RateLimitMetrics>();
        builder.Services.AddSingleton<RateLimitRejection>();
        builder.Services.AddSingleton<IGatewayConfigValidator, RateLimitPolicyRegisteredValidator>();
        builder.Services.AddSingleton<IGatewayConfigValidator, RateLimitPermitsValidator>();
        builder.Services.AddSingleton<IGatewayConfigValidator, RateLimitBurstValidator>();
        builder.Services.AddSingleton<IGatewayConfigValidator, RateLimitConcurrencyValidator>();
        builder.Services.AddRateLimiter(_ => { });
        builder.Services.AddOptions<RateLimiterOptions>().Configure<PolicyCatalogProvider, RateLimitRejection>((options, catalog, rejection) =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = (context, _) => rejection.OnRejectedAsync(context);
            foreach (var name in names)
            {
                options.AddPolicy(name, new RouteRateLimiterPolicy(name, catalog));
            }
        });
        return builder;
    }

    /// <summary>Step 2. Must come before <c>MapReverseProxy()</c>, or route policies silently do nothing.</summary>
    public static WebApplication UseRouteRateLimiting(this WebApplication app)
    {
        app.UseRateLimiter();
        return app;
    }
}
