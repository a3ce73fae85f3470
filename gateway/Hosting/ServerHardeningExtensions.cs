using System.Security.Authentication;
using EdgeGateway.Configuration;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;

namespace EdgeGateway.Hosting;

internal static class ServerHardeningExtensions
{
    /// <summary>Applies <see cref="ServerLimitsOptions"/> to Kestrel, TLS 1.2+ everywhere, and the reloading certificate of <see cref="TlsOptions"/>.</summary>
    public static WebApplicationBuilder AddServerHardening(this WebApplicationBuilder builder)
    {
        // Kestrel takes its limits while the host is built, before the start report: limits that are not valid (the start
        // then stops listing them) give way to the defaults, which Kestrel accepts, rather than throwing from the build.
        var limits = builder.AddValidatedOptions<ServerLimitsOptions, ServerLimitsOptionsValidator>(ServerLimitsOptions.SectionName) ?? new ServerLimitsOptions();
        var tls = builder.Configuration.GetSection(TlsOptions.SectionName).Get<TlsOptions>() ?? new TlsOptions();
        builder.Services.AddSingleton(limits);
        var hasCertificate = !string.IsNullOrWhiteSpace(tls.CertificateFile);
        if (hasCertificate)
        {
            var contentRoot = builder.Environment.ContentRootPath;
            builder.Services.AddSingleton(sp => new ReloadingServerCertificate(tls, contentRoot, sp.GetRequiredService<ILogger<ReloadingServerCertificate>>()));
        }

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            var k = kestrel.Limits;
            k.MaxRequestHeaderCount = limits.MaxRequestHeaderCount;
            k.MaxRequestHeadersTotalSize = limits.MaxRequestHeadersTotalSize;
            k.MaxRequestLineSize = limits.MaxRequestLineSize;
            k.MaxRequestBodySize = limits.MaxRequestBodyBytes;
            k.RequestHeadersTimeout = limits.RequestHeadersTimeout;
            k.MinRequestBodyDataRate = new MinDataRate(limits.MinRequestBodyDataRate, limits.MinRequestBodyDataRateGracePeriod);
            k.KeepAliveTimeout = limits.KeepAliveTimeout;
            k.Http2.MaxStreamsPerConnection = limits.Http2MaxStreamsPerConnection;
            k.MaxConcurrentConnections = limits.MaxConcurrentConnections;
            kestrel.AddServerHeader = false;
            kestrel.ConfigureHttpsDefaults(https =>
            {
                https.SslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13;

                // Callers pinned to a client certificate are checked by thumbprint in CallerAuthenticationMiddleware,
                // which is stricter than chain trust; so every TLS listener asks for a certificate (optional: callers
                // without a pin send none) and accepts self-signed ones, leaving the decision to the pin. Always, not
                // only when a caller is pinned at start: pins reload with the callers, and a listener cannot start
                // asking later. Kestrel keeps one HTTPS-defaults action, so this must live here with the rest.
                https.ClientCertificateMode = ClientCertificateMode.AllowCertificate;
                https.ClientCertificateValidation = (_, _, _) => true;
                if (hasCertificate)
                {
                    var certificate = kestrel.ApplicationServices.GetRequiredService<ReloadingServerCertificate>();
                    https.ServerCertificateSelector = (_, _) => certificate.Current;
                }
            });
        });
        return builder;
    }
}
