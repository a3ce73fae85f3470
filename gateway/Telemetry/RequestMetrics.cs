using System.Diagnostics;
using System.Diagnostics.Metrics;
using EdgeGateway.Transforms.WeChatPay;

namespace EdgeGateway.Telemetry;

/// <summary>
/// The RED metrics of proxied requests (rate, errors, duration per route and status) and the signature
/// verification failures by reason. Tags: <see cref="GatewayTags"/>; none has unbounded values.
/// </summary>
public sealed class RequestMetrics
{
    /// <summary>Seconds; spread so that both a 5 ms query and a 15 s prepay timeout land in a useful bucket.</summary>
    private static readonly double[] DurationBuckets = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10, 15, 30];

    private readonly Counter<long> _requests;
    private readonly Counter<long> _errors;
    private readonly Histogram<double> _duration;
    private readonly Counter<long> _verificationFailures;
    private readonly Counter<long> _unsignedAnswers;

    public RequestMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(GatewayTelemetry.MeterName);
        _requests = meter.CreateCounter<long>("edgegateway.proxy.requests", "{request}",
            "Requests answered by the proxy, by route, status and caller.");
        _errors = meter.CreateCounter<long>("edgegateway.proxy.errors", "{request}",
            "Requests that failed: any 5xx or 429, and every error the gateway produced itself (by error_code).");
        _duration = meter.CreateHistogram<double>("edgegateway.proxy.request.duration", "s",
            "Time from the request's arrival to the end of its answer, by route and status.",
            tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });
        _verificationFailures = meter.CreateCounter<long>("edgegateway.signature.verification_failures", "{failure}",
            "Signatures of WeChat Pay answers (source=response) or callbacks (source=callback) that did not verify, by reason.");
        _unsignedAnswers = meter.CreateCounter<long>("edgegateway.upstream.unsigned_answers", "{answer}",
            "Answers of WeChat Pay passed to the caller without a signature (X-EdgeGateway-Signature: unsigned): error answers, and bill files, by route and status.");
    }

    /// <summary>Records one answered request.</summary>
    public void RequestCompleted(string route, int status, string? caller, string? errorCode, TimeSpan duration)
    {
        var tags = new TagList { { GatewayTags.Route, route }, { GatewayTags.Status, status } };
        if (caller is not null)
        {
            tags.Add(GatewayTags.Caller, caller);
        }

        _requests.Add(1, tags);
        if (errorCode is not null || status >= 500 || status == 429)
        {
            var errorTags = tags;
            errorTags.Add(GatewayTags.ErrorSource, errorCode is null ? GatewayTags.SourceUpstream : GatewayTags.SourceGateway);
            if (errorCode is not null)
            {
                errorTags.Add(GatewayTags.ErrorCode, errorCode);
            }

            _errors.Add(1, errorTags);
        }

        _duration.Record(duration.TotalSeconds, new TagList { { GatewayTags.Route, route }, { GatewayTags.Status, status } });
    }

    /// <summary>Records an answer of WeChat Pay that reached the caller unsigned.</summary>
    public void UnsignedAnswer(string route, int status) =>
        _unsignedAnswers.Add(1, new TagList { { GatewayTags.Route, route }, { GatewayTags.Status, status } });

    /// <summary>Records a signature that did not verify; <paramref name="source"/> is <see cref="GatewayTags.SourceResponse"/> or <see cref="GatewayTags.SourceCallback"/>.</summary>
    public void VerificationFailed(string source, string route, VerificationFailure reason) =>
        _verificationFailures.Add(1, new TagList
        {
            { GatewayTags.VerificationSource, source },
            { GatewayTags.Route, route },
            { GatewayTags.Reason, reason.ToString() },
        });
}
