using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using EdgeGateway.IntegrationTests.Infrastructure;
using Microsoft.Extensions.Logging;

namespace EdgeGateway.IntegrationTests.Telemetry.Redaction;

/// <summary>
/// No private key, APIv3 key, Authorization value, openid, name or phone number in any log line (message,
/// properties, exception) or span, over every scenario of <see cref="RedactionScenarios"/> run at Debug
/// level, and over every log line the other tests of this run wrote before it (this collection runs last).
/// </summary>
[Collection(SequentialCollection.Name)]
public sealed partial class RedactionTests
{
    private static readonly Dictionary<string, string?> VerboseLogging = new()
    {
        ["Logging:LogLevel:Default"] = "Debug",
        ["Logging:LogLevel:Microsoft"] = "Debug",
        ["Logging:LogLevel:Microsoft.AspNetCore"] = "Debug",
        ["Logging:LogLevel:Yarp"] = "Debug",
        ["Logging:LogLevel:System"] = "Debug",
    };

    [Fact]
    public async Task Logs_AndSpans_OfEveryScenario_HoldNoSecretOrPersonalData()
    {
        var secrets = new HashSet<string>(StringComparer.Ordinal) { KnownSecrets.DefaultOpenId, RedactionRun.PayerName, RedactionRun.PayerPhone };
        var logs = new List<CapturedLog>();
        var spans = new List<Activity>();
        var routesSeen = new HashSet<string>(StringComparer.Ordinal);
        var sent = 0;

        foreach (var group in RedactionScenarios.All.GroupBy(s => s.Settings is null && !s.UsesRedis ? "shared" : s.Name))
        {
            var capture = new SpanCapture();
            var settings = new Dictionary<string, string?>(VerboseLogging);
            foreach (var (key, value) in group.First().Settings ?? new Dictionary<string, string?>())
            {
                settings[key] = value;
            }

            if (group.First().UsesRedis)
            {
                settings["EdgeGateway:Redis:Configuration"] = (await RedisServer.SharedAsync()).Endpoint;
                settings["EdgeGateway:Redis:KeyPrefix"] = RedisServer.NewPrefix(nameof(RedactionTests));
                settings["EdgeGateway:Redis:OperationTimeoutMs"] = "3000"; // a loaded machine must not push decisions onto the failure policy
            }

            await using var host = await GatewayTestHost.StartAsync(settings, configureGateway: capture.AttachTo);
            foreach (var scenario in group)
            {
                using var run = new RedactionRun(host, secrets);
                secrets.Add(run.OpenId);
                await scenario.Run(run);
                sent += run.Sent;
            }

            secrets.UnionWith(KnownSecrets.SentAuthorizations(host));
            await host.App.StopAsync(); // flushes the spans still open and the last log lines
            logs.AddRange(host.Logs.Entries);
            spans.AddRange(capture);
            routesSeen.UnionWith(host.Logs.Entries.Where(e => e.EventId.Id == 1100).Select(e => e.Properties["Route"]!));
        }

        secrets.UnionWith(KnownSecrets.KeyMaterial());
        Assert.Contains(secrets, s => s.Length > 60); // the key material was found, so the check below can fail

        Assert.Equal(ConfiguredRoutes().Order(), routesSeen.Intersect(ConfiguredRoutes()).Order());
        Assert.Equal(sent, logs.Count(e => e.EventId.Id == 1100)); // one line per request, none lost on an error path
        Assert.Contains(logs, e => e.Level == LogLevel.Debug);
        Assert.NotEmpty(spans);

        AssertClean("scenario logs", logs.SelectMany(Texts), secrets);
        AssertClean("scenario spans", spans.SelectMany(Texts), secrets);
        AssertClean("every test's logs", CapturingLoggerProvider.AllRuns.SelectMany(Texts), secrets);
    }

    private static void AssertClean(string where, IEnumerable<string> texts, IReadOnlyCollection<string> secrets)
    {
        foreach (var text in texts)
        {
            foreach (var secret in secrets)
            {
                Assert.False(text.Contains(secret, StringComparison.Ordinal),
                    $"{where}: a secret or personal value appears in: {Excerpt(text.Replace(secret, "<SECRET>", StringComparison.Ordinal))}");
            }

            Assert.False(text.Contains("PRIVATE KEY", StringComparison.Ordinal), $"{where}: a PEM private key appears in a log or span.");
            Assert.False(AuthorizationValue().IsMatch(text),
                $"{where}: an Authorization value appears in: {Excerpt(AuthorizationValue().Replace(text, "<AUTHORIZATION>"))}");
        }
    }

    private static IEnumerable<string> Texts(CapturedLog log)
    {
        yield return log.Message;
        if (log.Exception is not null)
        {
            yield return log.Exception;
        }

        foreach (var (key, value) in log.Properties)
        {
            yield return $"{key}={value}";
        }
    }

    private static IEnumerable<string> Texts(Activity span)
    {
        yield return span.DisplayName;
        yield return span.StatusDescription ?? string.Empty;
        foreach (var tag in span.TagObjects)
        {
            yield return $"{tag.Key}={tag.Value}";
        }

        foreach (var activityEvent in span.Events)
        {
            yield return activityEvent.Name;
            foreach (var tag in activityEvent.Tags)
            {
                yield return $"{tag.Key}={tag.Value}";
            }
        }
    }

    private static string[] ConfiguredRoutes()
    {
        using var routes = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "config", "routes.json")));
        return [.. routes.RootElement.GetProperty("ReverseProxy").GetProperty("Routes").EnumerateObject().Select(r => r.Name)];
    }

    /// <summary>Where the leak is, with the leaked value already replaced, so the test report does not repeat it.</summary>
    private static string Excerpt(string text) => text.Length <= 300 ? text : text[..300] + "…";

    /// <summary>A WeChat Pay or bearer Authorization value, whoever sent it.</summary>
    [GeneratedRegex(@"signature=""[A-Za-z0-9+/=]{16,}""|Bearer [A-Za-z0-9._\-]{16,}", RegexOptions.CultureInvariant)]
    private static partial Regex AuthorizationValue();
}
