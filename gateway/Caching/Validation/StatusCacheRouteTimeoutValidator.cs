using EdgeGateway.Configuration;

namespace EdgeGateway.Caching.Validation;

/// <summary>
/// A route naming a status cache needs a Timeout of at most one minute: requests waiting for an identical query's
/// answer are bounded by their own timeout, and an invalidation is remembered (<see cref="StatusCache.GenerationRetention"/>)
/// longer than any answer can take to arrive.
/// </summary>
internal sealed class StatusCacheRouteTimeoutValidator : IGatewayConfigValidator
{
    private static readonly TimeSpan Longest = TimeSpan.FromMinutes(1);

    public void Validate(GatewayConfigValidationContext context)
    {
        foreach (var route in StatusCacheValidation.CachingRoutes(context))
        {
            if (route.Timeout is not { } timeout || timeout <= TimeSpan.Zero || timeout > Longest)
            {
                StatusCacheValidation.ReportRoute(context, route.RouteId,
                    $"Metadata.StatusCache needs a Timeout from 00:00:00.001 to 00:01:00 (it has {(route.Timeout is { } t ? t.ToString() : "none")}); requests waiting for an identical query wait only as long as their own timeout.");
            }
        }
    }
}
