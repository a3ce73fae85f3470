using System.Net;
using System.Text;
using EdgeGateway.Merchants;
using EdgeGateway.Resilience;
using EdgeGateway.Transforms.WeChatPay;
using EdgeGateway.Transforms.Yarp;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy;
using Yarp.ReverseProxy.Forwarder;

namespace EdgeGateway.Certificates;

/// <summary>
/// Downloads one merchant's platform certificates: <c>GET /v3/certificates</c> signed with the gateway's own
/// <see cref="RequestSigner"/>, sent to the WeChat Pay cluster's primary destination and, when that cannot
/// be reached, to the backup (PROTOCOL.md §7; a GET is safe to repeat). The answer is decrypted and checked
/// by <see cref="PlatformCertificateList"/>, and its own signature must verify under the keys already
/// trusted plus the ones it brings: the first download has nothing trusted yet, and after a rotation the
/// answer is signed by the new certificate, which only the APIv3 key's GCM tag vouches for (§3.4).
/// </summary>
internal sealed class CertificateDownloader(
    IProxyStateLookup proxyState,
    RequestSigner signer,
    ResponseVerifier verifier,
    IOptionsMonitor<CertificateOptions> options,
    IOptions<WeChatPayTransformOptions> transformOptions,
    TimeProvider timeProvider) : IDisposable
{
    public const string Path = "/v3/certificates";

    private readonly HttpClient _client = new(new SocketsHttpHandler
    {
        UseProxy = false, // as YARP's forwarder: WeChat Pay is reached directly unless a cluster says otherwise
        ConnectTimeout = TimeSpan.FromSeconds(5),
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        AutomaticDecompression = DecompressionMethods.None,
    })
    { Timeout = Timeout.InfiniteTimeSpan };

    public async Task<DownloadOutcome> DownloadAsync(Merchant merchant, CancellationToken cancellationToken)
    {
        var destinations = Destinations();
        if (destinations.Count == 0)
        {
            return DownloadOutcome.Failed("no WeChat Pay cluster with a destination is configured (a cluster with \"Metadata\": {\"Upstream\": \"WeChatPay\"} in config/routes.json, or EdgeGateway:Certificates:ClusterId)");
        }

        DownloadOutcome? last = null;
        foreach (var prefix in destinations)
        {
            last = await DownloadFromAsync(merchant, prefix, cancellationToken);
            if (last.Status != DownloadStatus.Failed || last.Destination is not null)
            {
                return last; // an answer, good or bad, ends the attempt; only "not reached" moves on to the backup
            }
        }

        return last!;
    }

    private async Task<DownloadOutcome> DownloadFromAsync(Merchant merchant, string prefix, CancellationToken cancellationToken)
    {
        var settings = options.CurrentValue;
        var uri = RequestUtilities.MakeDestinationAddress(prefix, Path, QueryString.Empty);
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        request.Headers.Accept.ParseAdd("application/json");
        request.Headers.TryAddWithoutValidation("User-Agent", transformOptions.Value.UserAgent);
        var authorization = signer.Sign(merchant.Credentials, "GET", uri.PathAndQuery, ReadOnlySpan<byte>.Empty);
        request.Headers.TryAddWithoutValidation("Authorization", authorization.Format());

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(settings.DownloadTimeout);
        byte[]? body;
        HttpResponseMessage response;
        try
        {
            response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return DownloadOutcome.Failed($"{uri.GetLeftPart(UriPartial.Authority)} was not reached ({Describe(ex)})");
        }

        using (response)
        {
            try
            {
                body = await BoundedBody.ReadAsync(response.Content, settings.MaxDownloadBytes, timeout.Token);
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                return DownloadOutcome.Failed($"the answer from {uri.GetLeftPart(UriPartial.Authority)} broke off ({Describe(ex)})", uri);
            }

            if (body is null)
            {
                return DownloadOutcome.Failed($"the answer is larger than {settings.MaxDownloadBytes} bytes", uri);
            }

            var status = (int)response.StatusCode;
            if (status == StatusCodes.Status404NotFound)
            {
                return DownloadOutcome.NotFound(uri); // public-key mode: no platform certificate exists (§3.4)
            }

            if (status != StatusCodes.Status200OK)
            {
                return DownloadOutcome.Failed($"WeChat Pay answered HTTP {status}", uri);
            }

            var now = timeProvider.GetUtcNow();
            if (!PlatformCertificateList.TryParse(body, merchant.ApiV3Key, now, out var list, out var parseError))
            {
                return DownloadOutcome.Failed("the answer is not a certificate list: " + parseError, uri);
            }

            if (list!.Accepted.Count == 0)
            {
                return DownloadOutcome.Failed("the answer holds no usable certificate: "
                    + string.Join("; ", list.Rejected.Select(r => $"{r.Serial ?? "?"}: {r.Reason}")), uri);
            }

            var headers = SignedMessageHeaders.From(name => response.Headers.TryGetValues(name, out var values) ? string.Join(',', values) : null);
            var verification = verifier.Verify(headers, body, merchant.VerificationKeys.With(list.Accepted));
            if (!verification.IsValid)
            {
                return DownloadOutcome.Failed("the answer's signature does not verify: " + verification.Describe(), uri);
            }

            return DownloadOutcome.Downloaded(Encoding.UTF8.GetString(body), list, uri);
        }
    }

    /// <summary>The cluster's destinations, primary ones first, then the backups (the same order as the proxy's balancer).</summary>
    private List<string> Destinations()
    {
        var clusterId = options.CurrentValue.ClusterId;
        var cluster = proxyState.GetClusters().FirstOrDefault(c => clusterId is { Length: > 0 }
            ? string.Equals(c.ClusterId, clusterId, StringComparison.Ordinal)
            : c.Model.Config.Metadata?.TryGetValue("Upstream", out var upstream) == true && string.Equals(upstream, "WeChatPay", StringComparison.OrdinalIgnoreCase));
        if (cluster is null)
        {
            return [];
        }

        return [.. cluster.Destinations.Values
            .OrderBy(PrimaryFirstLoadBalancingPolicy.IsBackup)
            .ThenBy(d => d.DestinationId, StringComparer.Ordinal)
            .Select(d => d.Model.Config.Address)];
    }

    private static string Describe(Exception ex) => ex switch
    {
        OperationCanceledException => "timed out",
        HttpRequestException { HttpRequestError: not HttpRequestError.Unknown } http => http.HttpRequestError.ToString(),
        _ => ex.GetType().Name,
    };

    public void Dispose() => _client.Dispose();
}
