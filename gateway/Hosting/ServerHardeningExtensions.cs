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
        var limits = builder.Configuration.GetSection(ServerLimitsOptions.SectionName).Get<ServerLimitsOptions>() ?? new ServerLimitsOptions();
        var tls = builder.Configuration.GetSection(TlsOptions.SectionName).Get<TlsOptions>() ?? new TlsOptions();
        var problems = Problems(limits);
        if (problems.Count > 0)
        {
            throw new GatewayConfigurationException(problems);
        }

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

    private static List<string> Problems(ServerLimitsOptions limits)
    {
        const string where = ServerLimitsOptions.SectionName;
        var problems = new List<string>();
        if (limits.MaxRequestHeaderCount < 16)
        {
            problems.Add($"{where}:MaxRequestHeaderCount is {limits.MaxRequestHeaderCount}; allow at least 16 (a v3 call carries about a dozen headers).");
        }

        if (limits.MaxRequestHeadersTotalSize < 4096 || limits.MaxRequestLineSize < 1024)
        {
            problems.Add($"{where}: MaxRequestHeadersTotalSize must be at least 4096 and MaxRequestLineSize at least 1024 bytes.");
        }

        if (limits.MaxRequestBodyBytes <= 0 || limits.Http2MaxStreamsPerConnection <= 0 || limits.MaxConcurrentConnections <= 0)
        {
            problems.Add($"{where}: MaxRequestBodyBytes, Http2MaxStreamsPerConnection and MaxConcurrentConnections (when set) must be positive.");
        }

        if (limits.RequestHeadersTimeout <= TimeSpan.Zero || limits.KeepAliveTimeout <= TimeSpan.Zero)
        {
            problems.Add($"{where}: RequestHeadersTimeout and KeepAliveTimeout must be positive durations such as \"00:00:10\".");
        }

        if (limits.RequestBodyTimeout <= TimeSpan.Zero)
        {
            problems.Add($"{where}:RequestBodyTimeout is {limits.RequestBodyTimeout}; write a positive duration such as \"00:00:10\" (the longest a request body may take to arrive).");
        }

        if (limits.MinRequestBodyDataRate < 0 || limits.MinRequestBodyDataRateGracePeriod <= TimeSpan.FromSeconds(1))
        {
            problems.Add($"{where}: MinRequestBodyDataRate must not be negative and MinRequestBodyDataRateGracePeriod must be longer than 1 second (Kestrel's minimum).");
        }

        return problems;
    }
}
