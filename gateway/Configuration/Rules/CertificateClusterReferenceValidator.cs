namespace EdgeGateway.Configuration.Rules;

/// <summary>EdgeGateway:Certificates:ClusterId, when set, names a cluster of config/routes.json (certificates are downloaded through it).</summary>
internal sealed class CertificateClusterReferenceValidator(IConfiguration configuration) : IGatewayConfigValidator
{
    public const string Key = "EdgeGateway:Certificates:ClusterId";

    public void Validate(GatewayConfigValidationContext context)
    {
        var clusterId = configuration[Key];
        if (!string.IsNullOrWhiteSpace(clusterId) && !context.Clusters.Any(c => string.Equals(c.ClusterId, clusterId, StringComparison.OrdinalIgnoreCase)))
        {
            context.Report("appsettings.json", Key,
                $"names the cluster '{clusterId}', which is not in {GatewayConfigValidationContext.RoutesFile} (defined: {RouteRules.Names(context.Clusters.Select(c => c.ClusterId))}); name one of those, or remove it to use the cluster marked \"Upstream\": \"WeChatPay\".");
        }
    }
}
