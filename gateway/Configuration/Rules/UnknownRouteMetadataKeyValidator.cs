using System.Reflection;

namespace EdgeGateway.Configuration.Rules;

/// <summary>A route's Metadata holds only the keys of <see cref="RouteMetadataKeys"/> (a misspelt "Quotas" would leave the route without its quota).</summary>
internal sealed class UnknownRouteMetadataKeyValidator : IGatewayConfigValidator
{
    public static readonly IReadOnlyList<string> Known = [.. typeof(RouteMetadataKeys).GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral && f.FieldType == typeof(string)).Select(f => (string)f.GetRawConstantValue()!)];

    public void Validate(GatewayConfigValidationContext context)
    {
        foreach (var route in context.Routes)
        {
            foreach (var key in (route.Metadata?.Keys ?? []).Where(k => !Known.Contains(k, StringComparer.OrdinalIgnoreCase)).Order(StringComparer.Ordinal))
            {
                RouteRules.Report(context, route, new UnknownKeys.Finding($"Metadata.{key}", key, Known).Describe("a route setting this gateway reads"));
            }
        }
    }
}
