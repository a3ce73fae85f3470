using EdgeGateway.IntegrationTests.Infrastructure;

namespace EdgeGateway.IntegrationTests.Telemetry;

/// <summary>
/// A client standing for an internal service in another process: it sends the traceparent a test gives
/// it, untouched. (The tests' own HttpClient runs inside the process the tracer listens to, and the runtime
/// would replace that header with the test's client span.)
/// </summary>
public static class InternalServiceClient
{
    public static HttpClient For(GatewayTestHost host)
    {
        var client = new HttpClient(new SocketsHttpHandler { UseProxy = false, ActivityHeadersPropagator = null })
        {
            BaseAddress = host.Address,
            Timeout = TimeSpan.FromSeconds(60),
        };
        client.DefaultRequestHeaders.Add("X-Api-Key", GatewayTestHost.DefaultApiKey);
        return client;
    }
}
