using System.Net;
using System.Text.Json.Nodes;
using EdgeGateway.IntegrationTests.Infrastructure;
using EdgeGateway.Simulator.Keys;
using EdgeGateway.Transforms.WeChatPay;
using StackExchange.Redis;
using static EdgeGateway.IntegrationTests.Certificates.PlatformCertificateTests;

namespace EdgeGateway.IntegrationTests.Certificates;

/// <summary>Certificates shared through a real Redis between instances, and what happens when Redis lies or is away.</summary>
public sealed class SharedCertificateTests
{
    [Theory]
    [MemberData(nameof(RedisTopologies.Both), MemberType = typeof(RedisTopologies))]
    public async Task TwoInstances_SecondAdoptsTheSharedSetWithoutDownloading(string topology)
    {
        var redis = await RedisTopologies.SharedAsync(topology);
        var settings = Shared(redis, RedisServer.NewPrefix(nameof(TwoInstances_SecondAdoptsTheSharedSetWithoutDownloading)));
        await using var first = await GatewayTestHost.StartAsync(settings);
        (await Prepay(first)).EnsureSuccessStatusCode();
        Assert.Equal(1, first.Simulator.CountRequests("GET", "/v3/certificates"));

        await using var second = await GatewayTestHost.StartAsync(settings); // its own simulator, same platform key
        using var response = await Prepay(second);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(0, second.Simulator.CountRequests("GET", "/v3/certificates"));
        Assert.Contains(second.Logs.Entries, e => e.EventId.Id == 1401 && e.Message.Contains("from Shared", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(RedisTopologies.Both), MemberType = typeof(RedisTopologies))]
    public async Task SharedRecordNotEncryptedUnderTheApiV3Key_IsIgnoredAndTheGatewayDownloads(string topology)
    {
        var redis = await RedisTopologies.SharedAsync(topology);
        var prefix = RedisServer.NewPrefix(nameof(SharedRecordNotEncryptedUnderTheApiV3Key_IsIgnoredAndTheGatewayDownloads));
        var mchId = TestKeys.Material.MchId;
        var forger = PlatformCertificate.Create("forged", DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        var strangerKey = TestKeys.Create("stranger-shared", mchId).ApiV3Key;
        var forged = new JsonObject
        {
            ["data"] = new JsonArray(new JsonObject
            {
                ["serial_no"] = forger.Serial,
                ["encrypt_certificate"] = new JsonObject
                {
                    ["algorithm"] = AeadAesGcm.AlgorithmName,
                    ["nonce"] = "0123456789ab",
                    ["associated_data"] = "certificate",
                    ["ciphertext"] = AeadAesGcm.Encrypt(strangerKey, "0123456789ab", "certificate", forger.CertificatePem),
                },
            }),
        };
        await using (var connection = await ConnectionMultiplexer.ConnectAsync(redis.Endpoint))
        {
            await connection.GetDatabase().HashSetAsync(prefix + $"certs:{mchId}",
                [new("fetched_at", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()), new("status", "ok"), new("body", forged.ToJsonString())]);
        }

        await using var host = await GatewayTestHost.StartAsync(Shared(redis, prefix));
        using var response = await Prepay(host);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(Merchant(host).VerificationKeys.TryGetKey(forger.Serial, out _));
        Assert.Contains(host.Logs.Entries, e => e.EventId.Id == 1404);
        Assert.Equal(1, host.Simulator.CountRequests("GET", "/v3/certificates"));
    }

    [Fact]
    public async Task RedisUnreachable_EachInstanceDownloadsAlone()
    {
        var settings = CertificateSettings.DownloadOnly(
            ("EdgeGateway:Redis:Configuration", $"127.0.0.1:{GatewayTestHost.ClosedPort}"),
            ("EdgeGateway:Redis:KeyPrefix", RedisServer.NewPrefix(nameof(RedisUnreachable_EachInstanceDownloadsAlone))),
            // The prepay's duplicate-payment guard also needs Redis and fails closed by default; this test is about certificates.
            ("Policies:DuplicateGuards:payments:OnRedisFailure", "FailOpen"));
        await using var host = await GatewayTestHost.StartAsync(settings);

        using var response = await Prepay(host);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(host.Logs.Entries, e => e.EventId.Id == 1408);
    }

    private static Dictionary<string, string?> Shared(IRedisTopology redis, string prefix) => CertificateSettings.DownloadOnly(
        ("EdgeGateway:Redis:Configuration", redis.Endpoint),
        ("EdgeGateway:Redis:KeyPrefix", prefix));
}
