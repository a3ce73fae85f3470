using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using EdgeGateway.Simulator.Faults;
using EdgeGateway.Simulator.Keys;
using EdgeGateway.Transforms.WeChatPay;

namespace EdgeGateway.Simulator.Callbacks;

/// <summary>
/// Sends WeChat Pay callbacks (PROTOCOL.md §4): the resource JSON encrypted with the merchant's APIv3 key,
/// the envelope signed with the platform key, POSTed to the notify URL.
/// </summary>
public sealed class CallbackSender(AnswerSigner signer, TimeProvider timeProvider, HttpClient httpClient)
{
    /// <summary>Builds the envelope body for <paramref name="resource"/> (kept separate so a test can resend it).</summary>
    public byte[] BuildEnvelope(SimulatedMerchant merchant, string eventType, string originalType, string summary, JsonNode resource, string? id = null) =>
        BuildEnvelope(merchant, eventType, originalType, summary, Api.SimulatorJson.Write(resource), id);

    /// <summary>
    /// Builds the envelope around a resource plaintext given as text, sealed as it is: WeChat Pay's resource is normally
    /// a JSON object, but the gateway must accept any text that verifies and decrypts.
    /// </summary>
    public byte[] BuildEnvelope(SimulatedMerchant merchant, string eventType, string originalType, string summary, string resourcePlaintext, string? id = null)
    {
        var nonce = RandomNonceSource.Instance.Next()[..AeadAesGcm.NonceLength];
        var associatedData = originalType;
        var envelope = new JsonObject
        {
            ["id"] = id ?? Guid.NewGuid().ToString(),
            ["create_time"] = timeProvider.GetUtcNow().ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture),
            ["resource_type"] = "encrypt-resource",
            ["event_type"] = eventType,
            ["summary"] = summary,
            ["resource"] = new JsonObject
            {
                ["original_type"] = originalType,
                ["algorithm"] = AeadAesGcm.AlgorithmName,
                ["ciphertext"] = AeadAesGcm.Encrypt(merchant.ApiV3Key, nonce, associatedData, resourcePlaintext),
                ["associated_data"] = associatedData,
                ["nonce"] = nonce,
            },
        };
        return Encoding.UTF8.GetBytes(Api.SimulatorJson.Write(envelope));
    }

    /// <summary>Signs (or spoils) and POSTs an envelope; returns WeChat Pay's view of the outcome.</summary>
    public async Task<CallbackOutcome> SendAsync(Uri notifyUrl, byte[] envelope, SignatureFault fault = SignatureFault.None, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, notifyUrl) { Content = new ByteArrayContent(envelope) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.UserAgent.ParseAdd("Mozilla/4.0");
        var headers = signer.Sign(envelope, requestedSerial: null, fault);
        if (headers is { } signed)
        {
            request.Headers.TryAddWithoutValidation(WeChatPayHeaders.Timestamp, signed.Timestamp);
            request.Headers.TryAddWithoutValidation(WeChatPayHeaders.Nonce, signed.Nonce);
            request.Headers.TryAddWithoutValidation(WeChatPayHeaders.Signature, signed.Signature);
            request.Headers.TryAddWithoutValidation(WeChatPayHeaders.Serial, signed.Serial);
            request.Headers.TryAddWithoutValidation(WeChatPayHeaders.SignatureType, signed.SignatureType);
        }

        try
        {
            // WeChat Pay gives the merchant 5 seconds to answer (§4.2).
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(5));
            using var response = await httpClient.SendAsync(request, timeout.Token);
            var body = await response.Content.ReadAsStringAsync(timeout.Token);
            return new CallbackOutcome((int)response.StatusCode, body);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return new CallbackOutcome(0, ex.GetType().Name);
        }
    }
}

/// <summary>The notify URL's answer: 200/204 means received; anything else makes WeChat Pay retry.</summary>
public sealed record CallbackOutcome(int Status, string Body)
{
    public bool Acknowledged => Status is 200 or 204;
}
