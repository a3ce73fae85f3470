using EdgeGateway.Configuration;
using EdgeGateway.Configuration.Rules;
using EdgeGateway.Transforms.WeChatPay;
using EdgeGateway.Requests;

namespace EdgeGateway.Proxy;

/// <summary>
/// A route's <c>Metadata.Body</c>, <c>Metadata.Merchant</c> and <c>Metadata.DuplicateGuardKey</c> name known values,
/// spelt exactly; and a route with a duplicate-payment guard says which identifier it keys on, since a refund keyed
/// on its order's out_trade_no would refuse every second partial refund of that order.
/// </summary>
internal sealed class RequestShapeValidator : IGatewayConfigValidator
{
    public void Validate(GatewayConfigValidationContext context)
    {
        foreach (var route in context.Routes)
        {
            var metadata = route.Metadata;
            if (metadata is null)
            {
                continue;
            }

            Check<RequestBodyKind>(context, route, metadata, RouteMetadataKeys.Body, "Json (the default) or Multipart (media uploads)");
            Check<MerchantFields>(context, route, metadata, RouteMetadataKeys.Merchant,
                "Direct (the default; sp_mchid and sub_mchid refused), Partner (sub_mchid required) or Either (a path both use, such as refunds)");
            if (metadata.TryGetValue(RouteMetadataKeys.SensitiveFields, out var sensitive) && sensitive is not null)
            {
                SensitiveFieldPath.ParseList(sensitive, out var error);
                if (error is not null)
                {
                    RouteRules.Report(context, route, $"Metadata.SensitiveFields is '{sensitive}': {error}.");
                }
                else if (metadata.TryGetValue(RouteMetadataKeys.Body, out var kind) && kind == nameof(RequestBodyKind.Multipart))
                {
                    RouteRules.Report(context, route, "Metadata.SensitiveFields is set on a Multipart route; the gateway encrypts fields of JSON bodies only: remove it.");
                }
            }

            var guarded = metadata.ContainsKey(RouteMetadataKeys.DuplicateGuard);
            if (metadata.TryGetValue(RouteMetadataKeys.DuplicateGuardKey, out var field))
            {
                if (!guarded)
                {
                    RouteRules.Report(context, route, "Metadata.DuplicateGuardKey is set but the route names no Metadata.DuplicateGuard; add the guard or remove the key.");
                }
                else if (!RequestShape.GuardFields.Contains(field, StringComparer.Ordinal))
                {
                    RouteRules.Report(context, route,
                        $"Metadata.DuplicateGuardKey is '{field}'; write the identifier that makes the request unique: {RouteRules.Names(RequestShape.GuardFields)}.");
                }
            }
            else if (guarded)
            {
                RouteRules.Report(context, route,
                    $"Metadata.DuplicateGuard is set but Metadata.DuplicateGuardKey is not; name the identifier that makes a request unique on this route: {RouteRules.Names(RequestShape.GuardFields)}.");
            }
        }
    }

    private static void Check<TEnum>(GatewayConfigValidationContext context, Yarp.ReverseProxy.Configuration.RouteConfig route,
        IReadOnlyDictionary<string, string> metadata, string key, string allowed)
        where TEnum : struct, Enum
    {
        if (metadata.TryGetValue(key, out var value) && !Enum.GetNames<TEnum>().Contains(value, StringComparer.Ordinal))
        {
            RouteRules.Report(context, route, $"Metadata.{key} is '{value}'; write {allowed}.");
        }
    }
}
