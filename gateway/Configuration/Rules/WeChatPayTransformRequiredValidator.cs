namespace EdgeGateway.Configuration.Rules;

/// <summary>A route to a WeChat Pay cluster signs its requests and verifies the answers: it has the WeChatPay transform.</summary>
internal sealed class WeChatPayTransformRequiredValidator : IGatewayConfigValidator
{
    public void Validate(GatewayConfigValidationContext context)
    {
        var weChatPay = context.Clusters.Where(RouteRules.IsWeChatPay).Select(c => c.ClusterId).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var route in context.Routes)
        {
            if (route.ClusterId is { } cluster && weChatPay.Contains(cluster) && RouteRules.WeChatPayMode(route) is null)
            {
                RouteRules.Report(context, route,
                    $"goes to the WeChat Pay cluster '{cluster}' but has no WeChatPay transform, so its requests would go unsigned and its answers unverified; add \"Transforms\": [{{\"WeChatPay\": \"SignAndVerify\"}}].");
            }
        }
    }
}
