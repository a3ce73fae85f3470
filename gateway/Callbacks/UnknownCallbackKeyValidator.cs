using EdgeGateway.Configuration;
using EdgeGateway.Configuration.Rules;

namespace EdgeGateway.Callbacks;

/// <summary>Every key of a callback route is MchId or TargetUrl.</summary>
internal sealed class UnknownCallbackKeyValidator(IConfiguration configuration) : IGatewayConfigValidator
{
    public const string File = "config/callbacks.json";

    public void Validate(GatewayConfigValidationContext context)
    {
        foreach (var callback in configuration.GetSection(CallbackRouteTable.SectionName).GetChildren())
        {
            foreach (var finding in UnknownKeys.Find(callback, typeof(CallbackRoute)))
            {
                context.Report(File, $"callback '{callback.Key}'", finding.Describe("a field of a callback route"));
            }
        }
    }
}
