using Yarp.ReverseProxy.Configuration;

namespace EdgeGateway.Configuration;

internal static class ValidatedProxyConfigExtensions
{
    /// <summary>
    /// Routes and clusters from <paramref name="section"/>, but only once validated together with the policy
    /// catalogue: YARP's own configuration provider is kept as the reader (<see cref="YarpConfigBinder"/>), and
    /// <see cref="ValidatedProxyConfigProvider"/> takes its place as what YARP loads from.
    /// </summary>
    public static IReverseProxyBuilder LoadFromValidatedConfig(this IReverseProxyBuilder builder, IConfiguration section)
    {
        builder.LoadFromConfig(section);
        var registration = builder.Services.Last(d => d.ServiceType == typeof(IProxyConfigProvider));
        var create = registration.ImplementationFactory
            ?? throw new InvalidOperationException("YARP's configuration provider is no longer registered through a factory; YarpConfigBinder needs updating.");
        builder.Services.Remove(registration);
        builder.Services.AddSingleton(sp => new YarpConfigBinder(create, sp));
        builder.Services.AddSingleton<IProxyConfigProvider, ValidatedProxyConfigProvider>();
        builder.Services.AddSingleton<IConfigChangeListener, ProxyConfigRefusalListener>();
        return builder;
    }
}
