using EdgeGateway;
using EdgeGateway.Configuration;

if (args is [ValidateCommand.Name, .. var rest])
{
    return await ValidateCommand.RunAsync(rest, Console.Out);
}

try
{
    WebApplication app;
    try
    {
        app = GatewayApplication.Create(args);
    }
    catch (InvalidOperationException ex) when (ex.InnerException is FormatException)
    {
        // A host setting of the wrong type ("soon" for a duration, "maybe" for a switch), found while the host is
        // assembled: the binder's words, as `validate` gives them, without a stack trace.
        Console.Error.WriteLine("The gateway configuration is invalid:" + Environment.NewLine + " - " + PolicyCatalogProvider.Describe(ex) + ".");
        return 2;
    }

    await app.RunAsync();
    return 0;
}
catch (GatewayConfigurationException ex)
{
    Console.Error.WriteLine(ex.Message);
    return 2;
}
catch (InvalidDataException ex)
{
    // appsettings.json that does not parse: say which file and where, without a stack trace.
    Console.Error.WriteLine("The gateway configuration is invalid:" + Environment.NewLine + " - " + PolicyCatalogProvider.Describe(ex));
    return 2;
}
