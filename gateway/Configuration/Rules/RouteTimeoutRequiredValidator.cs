namespace EdgeGateway.Configuration.Rules;

/// <summary>Every route has a timeout: without one a slow WeChat Pay would hold callers and connections for as long as it likes.</summary>
internal sealed class RouteTimeoutRequiredValidator : IGatewayConfigValidator
{
    public void Validate(GatewayConfigValidationContext context)
    {
        foreach (var route in context.Routes)
        {
            if (route.Timeout is null && string.IsNullOrWhiteSpace(route.TimeoutPolicy))
            {
                RouteRules.Report(context, route,
                    "sets no Timeout, so a slow WeChat Pay answer would hold the caller and a connection indefinitely; set \"Timeout\", e.g. \"00:00:05\" for a query or \"00:00:15\" for a payment.");
            }
            else if (string.Equals(route.TimeoutPolicy, "Disable", StringComparison.OrdinalIgnoreCase))
            {
                RouteRules.Report(context, route,
                    "TimeoutPolicy is 'Disable', which removes the timeout; remove it and set \"Timeout\" instead, e.g. \"00:00:05\" for a query or \"00:00:15\" for a payment.");
            }
        }
    }
}
