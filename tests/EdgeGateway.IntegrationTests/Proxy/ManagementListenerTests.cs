using System.Net;
using EdgeGateway.IntegrationTests.Infrastructure;

namespace EdgeGateway.IntegrationTests.Proxy;

public sealed class ManagementListenerTests : IAsyncLifetime
{
    private GatewayTestHost _host = null!;

    public async Task InitializeAsync() => _host = await GatewayTestHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task HealthLive_OnManagementListener_Answers()
    {
        using var response = await _host.ManagementClient.GetAsync("/health/live");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task HealthLive_OnPublicListener_IsNotFound()
    {
        using var response = await _host.Client.GetAsync("/health/live");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task ProxyRoute_OnManagementListener_IsNotFound()
    {
        using var response = await _host.ManagementClient.PostAsync("/v3/pay/transactions/jsapi",
            Payloads.Json(Payloads.JsapiPrepay(_host.Keys.MchId, Payloads.NewOutTradeNo())));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Empty(_host.Simulator.Requests);
    }
}
