using System.Globalization;

namespace EdgeGateway.Configuration.Rules;

/// <summary>A route's Metadata.MaxRequestBodyBytes is a whole number of bytes (anything else would silently fall back to the global limit).</summary>
internal sealed class RouteMaxRequestBodyValidator : IGatewayConfigValidator
{
    public void Validate(GatewayConfigValidationContext context)
    {
        foreach (var route in context.Routes)
        {
            if (route.Metadata is not null && route.Metadata.TryGetValue(RouteMetadataKeys.MaxRequestBodyBytes, out var text)
                && !(long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var bytes) && bytes > 0))
            {
                RouteRules.Report(context, route,
                    $"Metadata.MaxRequestBodyBytes is '{text}'; write a whole number of bytes, at least 1, as a string (e.g. \"3145728\" for 3 MiB), or remove it to use EdgeGateway:MaxRequestBodyBytes.");
            }
        }
    }
}
