using EdgeGateway.Transforms.WeChatPay;

namespace EdgeGateway.Certificates;

/// <summary>What one download of /v3/certificates gave: a checked list, a 404 (public-key mode), or a failure.</summary>
internal sealed record DownloadOutcome(DownloadStatus Status, string? Body, PlatformCertificateList? Certificates, string? Error, Uri? Destination)
{
    public static DownloadOutcome Downloaded(string body, PlatformCertificateList certificates, Uri destination) =>
        new(DownloadStatus.Downloaded, body, certificates, null, destination);

    public static DownloadOutcome NotFound(Uri destination) => new(DownloadStatus.NotFound, null, null, null, destination);

    public static DownloadOutcome Failed(string error, Uri? destination = null) => new(DownloadStatus.Failed, null, null, error, destination);
}

internal enum DownloadStatus
{
    Downloaded,
    NotFound,
    Failed,
}
