using EdgeGateway.IntegrationTests.Infrastructure;
using EdgeGateway.Transforms.WeChatPay;

namespace EdgeGateway.IntegrationTests.Telemetry.Redaction;

/// <summary>The secret values of the test run that no log line or span may contain.</summary>
public static class KnownSecrets
{
    /// <summary>The openid <see cref="Payloads.JsapiPrepay"/> puts into every prepay other tests send.</summary>
    public const string DefaultOpenId = "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o";

    /// <summary>
    /// Every line of every private key PEM the tests generated (merchant keys, platform keys, public-key
    /// mode keys of every test merchant) and every APIv3 key: a leak of any line is a leak.
    /// </summary>
    public static IEnumerable<string> KeyMaterial()
    {
        var root = Path.GetDirectoryName(TestKeys.Material.Directory)!;
        foreach (var file in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories))
        {
            var text = File.ReadAllText(file);
            if (text.Contains("PRIVATE KEY", StringComparison.Ordinal))
            {
                foreach (var line in text.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
                {
                    if (!line.StartsWith("-----", StringComparison.Ordinal) && line.Length >= 32)
                    {
                        yield return line;
                    }
                }
            }
            else if (ApiV3Key.TryCreate(text.Trim(), out _, out _))
            {
                yield return text.Trim();
            }
        }
    }

    /// <summary>The Authorization values the gateway sent upstream (full header and bare signature).</summary>
    public static IEnumerable<string> SentAuthorizations(GatewayTestHost host)
    {
        foreach (var request in host.Simulator.Requests)
        {
            if (request.Authorization is { } authorization)
            {
                yield return authorization;
                if (AuthorizationHeader.TryParse(authorization, out var parsed, out _))
                {
                    yield return parsed!.Signature;
                }
            }
        }
    }
}
