using EdgeGateway;
using EdgeGateway.Configuration;

try
{
    var app = await GatewayApplication.CreateAsync(args);
    await app.RunAsync();
    return 0;
}
catch (GatewayConfigurationException ex)
{
    Console.Error.WriteLine(ex.Message);
    return 2;
}
