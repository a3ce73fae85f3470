namespace EdgeGateway.Configuration.Rules;

/// <summary>
/// A route's Metadata.RequireSignedErrors is "true" or "false": anything else would silently leave the global
/// EdgeGateway:WeChatPay:RequireSignedErrors in force, and the operator believing unsigned errors are refused.
/// </summary>
internal sealed class RouteRequireSignedErrorsValidator : IGatewayConfigValidator
{
    public void Validate(GatewayConfigValidationContext context)
    {
        foreach (var route in context.Routes)
        {
            if (route.Metadata is not null && route.Metadata.TryGetValue(RouteMetadataKeys.RequireSignedErrors, out var text)
                && !bool.TryParse(text, out _))
            {
                RouteRules.Report(context, route,
                    $"Metadata.RequireSignedErrors is '{text}'; write \"true\" (refuse WeChat Pay error answers without a signature) or \"false\", or remove it to use EdgeGateway:WeChatPay:RequireSignedErrors.");
            }
        }
    }
}
