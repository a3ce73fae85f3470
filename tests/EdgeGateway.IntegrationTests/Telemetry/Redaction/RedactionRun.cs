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
public sealed class RedactionRun(GatewayTestHost host, ICollection<string> secrets)
{
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

    /// <summary>Sends with the caller's credentials attached, asserts the status, returns the body.</summary>
    public async Task<string> SendAsync(HttpMethod method, string path, HttpContent? content, HttpStatusCode expected)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        var bearer = "Bearer " + Token();
        var apiKey = "sk_live_" + Token();
        var cookie = "session=" + Token();
        foreach (var value in (string[])[bearer, bearer[7..], apiKey, cookie[8..]])
        {
            Secret(value);
        }

        request.Headers.TryAddWithoutValidation("Authorization", bearer);
        request.Headers.TryAddWithoutValidation("X-Api-Key", apiKey);
        request.Headers.TryAddWithoutValidation("Cookie", cookie);
        Sent++;
        using var response = await Host.Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"{method} {path}: expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        return text;
    }

    public Task<string> PostAsync(string path, JsonNode body, HttpStatusCode expected) => SendAsync(HttpMethod.Post, path, Payloads.Json(body), expected);

    public Task<string> GetAsync(string path, HttpStatusCode expected) => SendAsync(HttpMethod.Get, path, null, expected);

    /// <summary>Injects <paramref name="faults"/> into the simulator until the returned scope is disposed.</summary>
    public IDisposable Faults(FaultSettings faults)
    {
        Host.Simulator.Faults.Current = faults;
        return new FaultScope(Host.Simulator.Faults);
    }

    private static string Token() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(20));

    private sealed class FaultScope(FaultInjector faults) : IDisposable
    {
        public void Dispose() => faults.Reset();
    }
}
