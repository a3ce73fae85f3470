namespace EdgeGateway.Certificates;

/// <summary>Where the certificate set a merchant uses now came from (a metric and log label).</summary>
internal enum CertificateSource
{
    /// <summary>This instance downloaded it from WeChat Pay.</summary>
    Downloaded,

    /// <summary>Another instance downloaded it and shared it through Redis.</summary>
    Shared,

    /// <summary>The last good set kept on disk (WeChat Pay or Redis unreachable, or a restart).</summary>
    Disk,
}
