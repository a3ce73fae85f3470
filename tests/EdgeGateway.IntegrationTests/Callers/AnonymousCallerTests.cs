using System.Net;
using EdgeGateway.IntegrationTests.Infrastructure;

namespace EdgeGateway.IntegrationTests.Callers;

public sealed class AnonymousCallerTests
{
    [Fact]
    public async Task AllowUnauthenticatedCallers_NoKeyIsServed_UnknownKeyStill401()
    {
        await using var host = await GatewayTestHost.StartAsync(new Dictionary<string, string?> { ["EdgeGateway:AllowUnauthenticatedCallers"] = "true" });
        using var anonymous = host.CreateClient(apiKey: null);
        using var wrong = host.CreateClient("test-only-wrong-key");

        using var served = await anonymous.GetAsync($"/v3/pay/transactions/out-trade-no/NOSUCHORDER3?mchid={host.Keys.MchId}");
        using var refused = await wrong.GetAsync($"/v3/pay/transactions/out-trade-no/NOSUCHORDER3?mchid={host.Keys.MchId}");

        Assert.Equal(HttpStatusCode.NotFound, served.StatusCode);
        Assert.False(served.Headers.Contains("X-EdgeGateway-Error"));
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Contains(host.Logs.Entries, e => e.EventId.Id == 1202);
    }
}
