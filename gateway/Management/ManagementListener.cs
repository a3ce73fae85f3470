using Microsoft.AspNetCore.Connections.Features;

namespace EdgeGateway.Management;

/// <summary>
/// The management listener (<c>Kestrel:Endpoints:Management</c>): health, metrics and operator endpoints
/// are served there and only there, and the proxy is not served there. Connections accepted on it are
/// tagged, so the check does not depend on host names or port numbers.
/// </summary>
public static class ManagementListener
{
    public const string EndpointName = "Management";
    private const string ConnectionItemKey = "EdgeGateway.Management";

    /// <summary>Configures Kestrel from <c>Kestrel</c> and tags connections on the management endpoint.</summary>
    public static WebApplicationBuilder AddManagementListener(this WebApplicationBuilder builder)
    {
        builder.WebHost.ConfigureKestrel((context, kestrel) =>
            kestrel.Configure(context.Configuration.GetSection("Kestrel"), reloadOnChange: false)
                .Endpoint(EndpointName, endpoint => endpoint.ListenOptions.Use(next => connection =>
                {
                    connection.Items[ConnectionItemKey] = true;
                    return next(connection);
                })));
        return builder;
    }

    /// <summary>True when the request arrived on the management listener.</summary>
    public static bool IsManagementConnection(HttpContext context) =>
        context.Features.Get<IConnectionItemsFeature>()?.Items.ContainsKey(ConnectionItemKey) == true;
}
