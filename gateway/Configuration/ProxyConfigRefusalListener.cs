using EdgeGateway.Telemetry;
using Yarp.ReverseProxy.Configuration;

namespace EdgeGateway.Configuration;

/// <summary>
/// YARP runs the same checks the gateway already ran, so it should never refuse a validated snapshot; if it
/// does, the routes and the policies could disagree, so it is logged as an error and shown as the last
/// rejection on GET /config.
/// </summary>
internal sealed partial class ProxyConfigRefusalListener(PolicyCatalogProvider configuration, ILogger<ProxyConfigRefusalListener> logger) : IConfigChangeListener
{
    public void ConfigurationLoadingFailed(IProxyConfigProvider configProvider, Exception exception) => Refused(exception);

    public void ConfigurationLoaded(IReadOnlyList<IProxyConfig> proxyConfigs)
    {
    }

    public void ConfigurationApplyingFailed(IReadOnlyList<IProxyConfig> proxyConfigs, Exception exception) => Refused(exception);

    public void ConfigurationApplied(IReadOnlyList<IProxyConfig> proxyConfigs)
    {
    }

    private void Refused(Exception exception)
    {
        LogRefused(logger, exception);
        configuration.RecordRefusal(new ConfigProblem(GatewayConfigValidationContext.RoutesFile, "ReverseProxy",
            $"YARP refused the validated routes ({PolicyCatalogProvider.Describe(exception)}); it keeps its previous routes while the policies changed. Correct the file; the log has the details."));
    }

    [LoggerMessage(EventId = EventIds.ProxyConfigRefused, Level = LogLevel.Error,
        Message = "YARP refused a route configuration the gateway had validated; it keeps its previous routes")]
    private static partial void LogRefused(ILogger logger, Exception exception);
}
