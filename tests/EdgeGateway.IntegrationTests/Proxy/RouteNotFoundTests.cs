using System.Net;
using System.Text.Json.Nodes;
using EdgeGateway.IntegrationTests.Infrastructure;

namespace EdgeGateway.IntegrationTests.Proxy;

/// <summary>A path no route serves gets a JSON 404 that says so, on the public listener only.</summary>
public sealed class RouteNotFoundTests : IAsyncLifetime
{
    private GatewayTestHost _host = null!;

    public async Task InitializeAsync() => _host = await GatewayTestHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task UnroutedV3Path_Is404RouteNotFoundNamingThePath()
    {
        _host.Simulator.ClearRequests();

        using var response = await _host.Client.PostAsync("/v3/marketing/favor/users/o1/coupons", Payloads.Json("{}"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("true", response.Headers.GetValues("X-EdgeGateway-Error").Single());
        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("ROUTE_NOT_FOUND", (string?)error["code"]);
        Assert.Equal("No route of this gateway serves POST /v3/marketing/favor/users/o1/coupons. Routes are listed in config/routes.json; "
                     + "to call another WeChat Pay v3 API through the gateway, add a route there (config/README.md, \"A route for a new v3 API\").", (string?)error["message"]);
        Assert.Equal("/v3/marketing/favor/users/o1/coupons", (string?)error["detail"]!["path"]);
        Assert.Empty(_host.Simulator.Requests);
    }

    [Fact]
    public async Task RoutedPathWithAnotherMethod_Is405MethodNotAllowedNamingTheMethodsServed()
    {
        _host.Simulator.ClearRequests();

        using var response = await _host.Client.GetAsync("/v3/pay/transactions/jsapi");

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal("true", response.Headers.GetValues("X-EdgeGateway-Error").Single());
        Assert.Equal(["POST"], response.Content.Headers.Allow);
        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("METHOD_NOT_ALLOWED", (string?)error["code"]);
        Assert.Equal("/v3/pay/transactions/jsapi is served only for POST; WeChat Pay's API takes each path with its own method.", (string?)error["message"]);
        Assert.Empty(_host.Simulator.Requests);
    }

    [Fact]
    public async Task UnroutedPath_WithoutApiKey_IsStill404RouteNotFound()
    {
        using var client = _host.CreateClient(apiKey: null);

        using var response = await client.GetAsync("/v3/no-such-api");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("ROUTE_NOT_FOUND", (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["code"]);
    }

    [Fact]
    public async Task UnknownPathOnTheManagementListener_IsAPlain404()
    {
        using var response = await _host.ManagementClient.GetAsync("/v3/no-such-api");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.False(response.Headers.Contains("X-EdgeGateway-Error"));
    }

    [Fact]
    public async Task ManagementEndpointOnThePublicListener_StaysAPlain404()
    {
        using var response = await _host.Client.GetAsync("/config");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.False(response.Headers.Contains("X-EdgeGateway-Error"));
    }
}
