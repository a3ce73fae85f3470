using EdgeGateway.Configuration;
using EdgeGateway.Merchants;

namespace EdgeGateway.Certificates;

internal static class CertificatesExtensions
{
    /// <summary>Platform certificate download, refresh, sharing and readiness (PROTOCOL.md §3).</summary>
    public static WebApplicationBuilder AddPlatformCertificates(this WebApplicationBuilder builder)
    {
        builder.AddValidatedOptions<CertificateOptions, CertificateOptionsValidator>(CertificateOptions.SectionName);
        builder.Services.AddSingleton<CertificateStateTable>();
        builder.Services.AddSingleton<CertificateMetrics>();
        builder.Services.AddSingleton<CertificateDownloader>();
        builder.Services.AddSingleton<SharedCertificateStore>();
        builder.Services.AddSingleton<CertificateDiskCache>();
        builder.Services.AddSingleton<PlatformCertificateRefresher>();
        builder.Services.AddHostedService<CertificateRefreshService>();
        builder.Services.AddHealthChecks().AddCheck<CertificatesHealthCheck>("certificates");
        return builder;
    }

    /// <summary>The unknown-serial refresh hook for <paramref name="merchant"/> (used by the proxy and the callback ingress).</summary>
    public static Func<string, CancellationToken, ValueTask<Transforms.WeChatPay.IVerificationKeyProvider?>> CertificateRefreshHook(
        this IServiceProvider services, Merchant merchant) =>
        services.GetRequiredService<PlatformCertificateRefresher>().HookFor(merchant);
}
