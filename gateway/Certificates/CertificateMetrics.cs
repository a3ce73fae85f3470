using System.Diagnostics.Metrics;
using EdgeGateway.Telemetry;

namespace EdgeGateway.Certificates;

/// <summary>
/// <c>edgegateway.certificates.refreshes</c> (by mchid, trigger and result) and
/// <c>edgegateway.certificates.age</c>: seconds since WeChat Pay produced the set each merchant uses.
/// </summary>
internal sealed class CertificateMetrics
{
    private readonly Counter<long> _refreshes;

    public CertificateMetrics(IMeterFactory meterFactory, CertificateStateTable states, TimeProvider timeProvider)
    {
        var meter = meterFactory.Create(GatewayTelemetry.MeterName);
        _refreshes = meter.CreateCounter<long>("edgegateway.certificates.refreshes", "{refresh}",
            "Platform certificate refreshes, by trigger (scheduled, unknown_serial) and result (downloaded, not_found, shared, failed, rate_limited)");
        meter.CreateObservableGauge("edgegateway.certificates.age", () => Ages(states, timeProvider), "s",
            "Seconds since WeChat Pay produced the platform certificate set the merchant verifies with");
    }

    public void Refreshed(string mchId, RefreshTrigger trigger, string result) =>
        _refreshes.Add(1, new("mchid", mchId), new("trigger", trigger == RefreshTrigger.Scheduled ? "scheduled" : "unknown_serial"), new("result", result));

    private static IEnumerable<Measurement<double>> Ages(CertificateStateTable states, TimeProvider timeProvider)
    {
        var now = timeProvider.GetUtcNow();
        foreach (var (mchId, state) in states.All)
        {
            if (state.FetchedAt is { } fetched)
            {
                yield return new Measurement<double>((now - fetched).TotalSeconds, new KeyValuePair<string, object?>("mchid", mchId));
            }
        }
    }
}
