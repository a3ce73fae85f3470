using EdgeGateway.Configuration;
using EdgeGateway.Merchants;

namespace EdgeGateway.Callbacks;

/// <summary>Each callback names a configured merchant: its keys verify and decrypt the callback.</summary>
internal sealed class CallbackRouteMerchantValidator(IConfiguration configuration, MerchantRegistry merchants) : CallbackRouteRule(configuration)
{
    public override void Check(IReadOnlyDictionary<string, CallbackRoute> routes, GatewayConfigValidationContext context)
    {
        foreach (var (name, route) in routes)
        {
            if (string.IsNullOrWhiteSpace(route.MchId))
            {
                context.Report(File, Subject(name), "MchId is required: the merchant whose keys verify and decrypt this callback.");
            }
            else if (!merchants.ConfiguredMchIds.Contains(route.MchId))
            {
                context.Report(File, Subject(name),
                    $"MchId is '{route.MchId}', but no merchant with that mchid is configured under EdgeGateway:Merchants; add the merchant or correct the mchid.");
            }
        }
    }
}
