using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using EdgeGateway.IntegrationTests.Infrastructure;
using EdgeGateway.Simulator.Faults;

namespace EdgeGateway.IntegrationTests.Telemetry.Redaction;

/// <summary>
/// What a <see cref="RedactionScenario"/> works with: the gateway, a client that sends credentials an
/// internal service might wrongly send along (Authorization, X-Api-Key, Cookie), bodies carrying an
/// openid, a payer's name and phone number, and the list of every secret value put in play.
/// </summary>
public sealed class RedactionRun(GatewayTestHost host, ICollection<string> secrets) : IDisposable
{
    private readonly HttpClient _client = host.CreateClient(apiKey: null);

    /// <summary>Personal data put into bodies; none of it may reach a log line or a span.</summary>
    public const string PayerName = "张小明";
    public const string PayerPhone = "13812345678";

    public GatewayTestHost Host { get; } = host;

    /// <summary>The openid of this run's payer (random, so finding it anywhere is proof of a leak).</summary>
    public string OpenId { get; } = "oRdx" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(18)).Replace('+', '-').Replace('/', '_');

    public string MchId => Host.Keys.MchId;

    /// <summary>How many requests this run sent (each must produce exactly one request log line).</summary>
    public int Sent { get; private set; }

    /// <summary>Adds a value that must appear in no log and no span (an openid, a token…).</summary>
    public void Secret(string value) => secrets.Add(value);

    /// <summary>A JSAPI prepay body with this run's openid and the payer's name and phone in <c>attach</c>.</summary>
    public JsonObject Prepay(string outTradeNo)
    {
        var body = Payloads.JsapiPrepay(MchId, outTradeNo, openId: OpenId);
        body["attach"] = $"{PayerName} {PayerPhone}";
        return body;
    }

    /// <summary>
    /// Sends as the test caller (or with <paramref name="apiKey"/>; none when null), with credentials an
    /// internal service should not send along (a bearer token, a session cookie); returns status and body.
    /// </summary>
    public async Task<(HttpStatusCode Status, string Body)> SendForStatusAsync(HttpMethod method, string path, HttpContent? content,
        string? apiKey = GatewayTestHost.DefaultApiKey)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        var bearer = "Bearer " + Token();
        var cookie = "session=" + Token();
        foreach (var value in (string[])[bearer, bearer[7..], cookie[8..]])
        {
            Secret(value);
        }

        request.Headers.TryAddWithoutValidation("Authorization", bearer);
        request.Headers.TryAddWithoutValidation("Cookie", cookie);
        if (apiKey is not null)
        {
            Secret(apiKey);
            request.Headers.TryAddWithoutValidation("X-Api-Key", apiKey);
        }

        Sent++;
        using var response = await _client.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>As <see cref="SendForStatusAsync"/>, asserting the status; returns the body.</summary>
    public async Task<string> SendAsync(HttpMethod method, string path, HttpContent? content, HttpStatusCode expected,
        string? apiKey = GatewayTestHost.DefaultApiKey)
    {
        var (status, body) = await SendForStatusAsync(method, path, content, apiKey);
        Assert.True(expected == status, $"{method} {path}: expected {(int)expected}, got {(int)status}: {body}");
        return body;
    }

    public Task<string> PostAsync(string path, JsonNode body, HttpStatusCode expected, string? apiKey = GatewayTestHost.DefaultApiKey) =>
        SendAsync(HttpMethod.Post, path, Payloads.Json(body), expected, apiKey);

    public Task<string> GetAsync(string path, HttpStatusCode expected, string? apiKey = GatewayTestHost.DefaultApiKey) =>
        SendAsync(HttpMethod.Get, path, null, expected, apiKey);

    /// <summary>Injects <paramref name="faults"/> into the simulator until the returned scope is disposed.</summary>
    public IDisposable Faults(FaultSettings faults)
    {
        Host.Simulator.Faults.Current = faults;
        return new FaultScope(Host.Simulator.Faults);
    }

    public void Dispose() => _client.Dispose();

    private static string Token() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(20));

    private sealed class FaultScope(FaultInjector faults) : IDisposable
    {
        public void Dispose() => faults.Reset();
    }
}
