namespace EdgeGateway.Configuration.Rules;

/// <summary>
/// "SignOnly" leaves WeChat Pay's answers unverified. WeChat Pay signs every answer except bill files
/// (PROTOCOL.md §2.4), so anything else under SignOnly would pass a forged answer through.
/// </summary>
internal sealed class WeChatPaySignOnlyValidator : IGatewayConfigValidator
{
    public const string UnsignedPathPrefix = "/v3/billdownload/";

    public void Validate(GatewayConfigValidationContext context)
    {
        foreach (var route in context.Routes)
        {
            if (string.Equals(RouteRules.WeChatPayMode(route), "SignOnly", StringComparison.Ordinal)
                && route.Match.Path?.StartsWith(UnsignedPathPrefix, StringComparison.OrdinalIgnoreCase) != true)
            {
                RouteRules.Report(context, route,
                    $"uses the WeChatPay transform \"SignOnly\", which does not verify WeChat Pay's answers, on '{route.Match.Path}'; only bill files ({UnsignedPathPrefix}…) come unsigned, so use \"SignAndVerify\".");
            }
        }
    }
}
