namespace EdgeGateway.Certificates;

/// <summary>
/// One download of a merchant's platform certificates as it is shared (Redis) and kept (disk): when it was
/// fetched from WeChat Pay, and the answer's body exactly as received. The body's certificates are
/// encrypted under the merchant's APIv3 key, so whoever reads a record parses and authenticates it again;
/// a record someone slipped into Redis or onto the disk without that key is rejected.
/// </summary>
/// <param name="FetchedAt">When WeChat Pay answered.</param>
/// <param name="NotFound">WeChat Pay answered 404: the merchant has no platform certificate (public-key mode, §3.4).</param>
/// <param name="Body">The /v3/certificates answer (empty when <paramref name="NotFound"/>).</param>
internal sealed record CertificateRecord(DateTimeOffset FetchedAt, bool NotFound, string Body);
