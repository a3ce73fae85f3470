using EdgeGateway.Configuration;
using Microsoft.Extensions.Options;

namespace EdgeGateway.Callers.Validation;

/// <summary>Every route id and group a caller names must exist in config/routes.json (a typo would silently deny).</summary>
internal sealed class CallerRouteReferenceValidator(IOptionsMonitor<CallersOptions> options) : IGatewayConfigValidator
{
    public void Validate(GatewayConfigValidationContext context)
    {
        var routeIds = context.Routes.Select(r => r.RouteId).ToHashSet(StringComparer.Ordinal);
        var groups = context.Routes.SelectMany(RouteGroups.Of).ToHashSet(StringComparer.Ordinal);
        foreach (var (name, caller) in CallerValidation.Callers(options))
        {
            foreach (var route in caller.Routes.Where(r => r != Caller.Wildcard && !routeIds.Contains(r)))
            {
                CallerValidation.Report(context, name,
                    $"Routes names '{route}', which is not a route in {GatewayConfigValidationContext.RoutesFile}; use a route id from there or \"*\".");
            }

            foreach (var group in caller.Groups.Where(g => !groups.Contains(g)))
            {
                CallerValidation.Report(context, name,
                    $"Groups names '{group}', which no route in {GatewayConfigValidationContext.RoutesFile} has as Metadata.Group (groups: {string.Join(", ", groups.Order(StringComparer.Ordinal))}); use one of those.");
            }
        }
    }
}
