using EdgeGateway.Configuration;

namespace EdgeGateway.Resilience;

/// <summary>
/// A route that names a retry policy must match GET only: a money-moving request is never sent twice
/// (PROTOCOL.md §6.3). The handler would not retry it anyway; this makes the mistake visible in the file.
/// </summary>
internal sealed class RetryOnlyOnQueriesValidator : IGatewayConfigValidator
{
    public void Validate(GatewayConfigValidationContext context)
    {
        foreach (var route in context.Routes)
        {
            if (route.Metadata is null || !route.Metadata.TryGetValue(RouteMetadataKeys.Retry, out var name))
            {
                continue;
            }

            var methods = route.Match.Methods;
            if (methods is null || methods.Count == 0 || methods.Any(m => !HttpMethods.IsGet(m)))
            {
                var matched = methods is null || methods.Count == 0 ? "every method" : string.Join(", ", methods);
                context.Report(GatewayConfigValidationContext.RoutesFile, $"route '{route.RouteId}'",
                    $"Metadata.Retry names '{name}' but the route matches {matched}; only queries may be retried, so set Match.Methods to [\"GET\"] or remove Metadata.Retry.");
            }
        }
    }
}
