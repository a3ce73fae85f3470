using EdgeGateway.Configuration;

namespace EdgeGateway.Callbacks;

/// <summary>Each callback has an absolute http(s) target URL for the internal service.</summary>
internal sealed class CallbackRouteTargetValidator(IConfiguration configuration) : CallbackRouteRule(configuration)
{
    public override void Check(IReadOnlyDictionary<string, CallbackRoute> routes, GatewayConfigValidationContext context)
    {
        foreach (var (name, route) in routes)
        {
            if (string.IsNullOrWhiteSpace(route.TargetUrl))
            {
                context.Report(File, Subject(name), "TargetUrl is required: the internal service the decrypted callback is delivered to.");
            }
            else if (!Uri.TryCreate(route.TargetUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || string.IsNullOrEmpty(uri.Host))
            {
                context.Report(File, Subject(name),
                    $"TargetUrl '{route.TargetUrl}' is not an absolute http:// or https:// URL; write the full address of the internal service, e.g. \"https://orders.internal/wechatpay/notify\".");
            }
        }
    }
}
