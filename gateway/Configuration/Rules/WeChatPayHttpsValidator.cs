using System.Net;

namespace EdgeGateway.Configuration.Rules;

/// <summary>
/// The destinations of a WeChat Pay cluster are absolute https:// URLs outside the sandbox and the Development
/// environment: requests carry merchant signatures and answers carry payment data. Plain http is accepted to a
/// loopback address, which is never WeChat Pay itself but may be a local proxy that opens TLS (a sidecar).
/// </summary>
internal sealed class WeChatPayHttpsValidator : IGatewayConfigValidator
{
    public void Validate(GatewayConfigValidationContext context)
    {
        foreach (var cluster in context.Clusters.Where(RouteRules.IsWeChatPay))
        {
            foreach (var (id, destination) in (cluster.Destinations ?? new Dictionary<string, Yarp.ReverseProxy.Configuration.DestinationConfig>()).OrderBy(d => d.Key, StringComparer.Ordinal))
            {
                if (!Uri.TryCreate(destination.Address, UriKind.Absolute, out var address) || address.Scheme is not ("http" or "https"))
                {
                    RouteRules.Report(context, cluster,
                        $"destination '{id}' has the address '{destination.Address}', which is not an absolute http(s) URL; write the full address, e.g. \"https://api.mch.weixin.qq.com/\".");
                }
                else if (address.Scheme == "http" && !context.AllowsInsecureUpstreams && !IsLoopback(address))
                {
                    RouteRules.Report(context, cluster,
                        $"destination '{id}' has the address '{destination.Address}'; WeChat Pay is reached only over HTTPS outside the sandbox and the Development environment, so use https:// (e.g. \"https://api.mch.weixin.qq.com/\"). Plain http is allowed only to a loopback address, such as a local proxy that opens TLS.");
                }
            }
        }
    }

    private static bool IsLoopback(Uri address) =>
        address.IsLoopback || (IPAddress.TryParse(address.DnsSafeHost, out var ip) && IPAddress.IsLoopback(ip));
}
