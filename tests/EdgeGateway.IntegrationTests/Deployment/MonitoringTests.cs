using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using EdgeGateway.IntegrationTests.Infrastructure;
using EdgeGateway.IntegrationTests.Telemetry;
using YamlDotNet.RepresentationModel;
using static EdgeGateway.IntegrationTests.Deployment.Manifests;

namespace EdgeGateway.IntegrationTests.Deployment;

/// <summary>
/// deploy/monitoring: the Grafana dashboard and the alerts query only metrics the gateway really exports (names
/// collected from its source), and say what the README promises an operator can watch.
/// </summary>
public sealed class MonitoringTests
{
    private static string MonitoringFile(string name) => Path.Combine(RepositoryRoot, "deploy", "monitoring", name);

    private static JsonObject Dashboard() => JsonNode.Parse(File.ReadAllText(MonitoringFile("grafana-dashboard.json")))!.AsObject();

    private static IEnumerable<string> DashboardQueries() =>
        Dashboard()["panels"]!.AsArray().SelectMany(p => p!["targets"]!.AsArray()).Select(t => (string)t!["expr"]!);

    private static IReadOnlyList<YamlMappingNode> AlertRules() =>
        [.. Seq(Load(MonitoringFile("prometheusrule.yaml")).Single(), "spec", "groups").SelectMany(g => Seq(g, "rules"))];

    [Fact]
    public void ExportedMetrics_FromSource_IncludeTheNamesTheReadmeShowsScraped()
    {
        var names = ExportedMetrics.PrometheusNames;

        // As README's /metrics sample shows them: a counter, a histogram in seconds, a gauge with a braced unit.
        Assert.Contains("edgegateway_proxy_requests_total", names);
        Assert.Contains("edgegateway_proxy_request_duration_seconds_bucket", names);
        Assert.Contains("edgegateway_storage_state", names);
        Assert.Contains("edgegateway_retry_denied_total", names);
        Assert.DoesNotContain("edgegateway_proxy_requests", names);
        Assert.True(names.Count > 40, $"only {names.Count} names were found in the source: the pattern that finds instruments is broken");
    }

    [Fact]
    public async Task ExportedMetrics_Translation_MatchesWhatARealGatewayServesAtMetrics()
    {
        await using var host = await GatewayTestHost.StartAsync();
        (await host.Client.PostAsync("/v3/pay/transactions/jsapi", Payloads.Json(Payloads.JsapiPrepay(host.Keys.MchId, Payloads.NewOutTradeNo()))))
            .EnsureSuccessStatusCode();

        var scrape = await PrometheusScrape.ReadAsync(host.ManagementClient);
        var served = Regex.Matches(scrape.Text, @"^(edgegateway_[a-z0-9_]+)(?:\{| )", RegexOptions.Multiline).Select(m => m.Groups[1].Value).Distinct().ToList();

        Assert.Contains("edgegateway_proxy_request_duration_seconds_bucket", served);
        Assert.All(served, n => Assert.True(ExportedMetrics.PrometheusNames.Contains(n), $"the gateway serves '{n}', which the translation of its instruments does not predict"));
    }

    [Fact]
    public void Dashboard_IsGrafanaJson_EveryQueryNamesOnlyExportedMetrics()
    {
        var dashboard = Dashboard();
        var panels = dashboard["panels"]!.AsArray();

        Assert.Equal("edgegateway", (string?)dashboard["uid"]);
        Assert.False(string.IsNullOrEmpty((string?)dashboard["title"]));
        Assert.True((int)dashboard["schemaVersion"]! >= 36);
        Assert.Equal(panels.Count, panels.Select(p => (int)p!["id"]!).Distinct().Count());
        Assert.All(panels, p =>
        {
            Assert.False(string.IsNullOrEmpty((string?)p!["title"]));
            Assert.NotEmpty(p["targets"]!.AsArray());
            Assert.Equal("${datasource}", (string?)p["datasource"]!["uid"]);
        });
        Assert.All(DashboardQueries(), q =>
        {
            var metrics = PromQl.MetricNames(q);
            Assert.NotEmpty(metrics);
            Assert.All(metrics, m => Assert.True(ExportedMetrics.PrometheusNames.Contains(m), $"'{m}' in \"{q}\" is not a metric the gateway exports"));
        });
    }

    [Theory]
    [InlineData("edgegateway_proxy_requests_total")]
    [InlineData("edgegateway_proxy_errors_total")]
    [InlineData("edgegateway_proxy_request_duration_seconds_bucket")]
    [InlineData("edgegateway_signature_verification_failures_total")]
    [InlineData("edgegateway_ratelimit_rejections_total")]
    [InlineData("edgegateway_quota_rejections_total")]
    [InlineData("edgegateway_circuit_breaker_state")]
    [InlineData("edgegateway_retry_denied_total")]
    [InlineData("edgegateway_callbacks_dead_lettered_total")]
    [InlineData("edgegateway_callbacks_delivery_lag_seconds_bucket")]
    [InlineData("edgegateway_storage_state")]
    [InlineData("edgegateway_quota_redis_degraded")]
    public void DashboardAndAlerts_WatchWhatTheReadmeNames(string metric)
    {
        Assert.Contains(DashboardQueries(), q => PromQl.MetricNames(q).Contains(metric));
        Assert.Contains(AlertRules(), r => PromQl.MetricNames(Text(r, "expr")!).Contains(metric));
    }

    [Fact]
    public void Alerts_ParseAsAPrometheusRule_EachWithExprSeveritySummaryAndOnlyExportedMetrics()
    {
        var document = Load(MonitoringFile("prometheusrule.yaml")).Single();
        var rules = AlertRules();

        Assert.Equal("monitoring.coreos.com/v1", Text(document, "apiVersion"));
        Assert.Equal("PrometheusRule", Text(document, "kind"));
        Assert.NotEmpty(rules);
        Assert.Equal(rules.Count, rules.Select(r => Text(r, "alert")).Distinct().Count());
        Assert.All(rules, r =>
        {
            var name = Text(r, "alert");
            Assert.False(string.IsNullOrEmpty(name), "every rule is an alert with a name");
            Assert.Contains(Text(r, "labels", "severity"), (string[])["critical", "warning"]);
            Assert.False(string.IsNullOrEmpty(Text(r, "annotations", "summary")), $"{name}: annotations.summary");
            Assert.Matches(@"^\d+[smh]$", Text(r, "for") ?? "0m");
            var metrics = PromQl.MetricNames(Text(r, "expr")!);
            Assert.NotEmpty(metrics);
            Assert.All(metrics, m => Assert.True(ExportedMetrics.PrometheusNames.Contains(m), $"{name}: '{m}' is not a metric the gateway exports"));
        });
    }

    [Fact]
    public void PromQl_MetricNames_LeavesOutFunctionsLabelsGroupingsAndRanges()
    {
        Assert.Equal(["edgegateway_a_bucket", "edgegateway_b_total"], PromQl.MetricNames(
            "histogram_quantile(0.95, sum by (le, route) (rate(edgegateway_a_bucket{route=~\"$route\",x=\"rate\"}[$__rate_interval]))) / sum(increase(edgegateway_b_total[1h])) > 0.5"));
    }
}
