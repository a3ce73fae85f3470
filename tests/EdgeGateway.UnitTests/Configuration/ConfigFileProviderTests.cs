using EdgeGateway.Configuration.Files;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.FileProviders;

namespace EdgeGateway.UnitTests.Configuration;

/// <summary>A config/ file that is missing or does not parse is reported, and its last values stay.</summary>
public sealed class ConfigFileProviderTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("edgegateway-config-file-").FullName;

    [Fact]
    public void Load_InvalidJson_ReportsLineAndPosition()
    {
        File.WriteAllText(Path.Combine(_directory, "routes.json"), "{\n  \"ReverseProxy\": {\n    \"Routes\": { ,\n  }\n}");
        var (_, files) = Build();

        var state = Assert.Single(files.States);
        Assert.Equal("the file is not valid JSON: line 3, position 17: ',' is an invalid start of a property name. Expected a '\"'; fix it (an editor that knows the schema in config/schemas/ shows where).", state.Error);
        Assert.Equal(["config/routes.json: file: " + state.Error], files.Problems().Select(p => p.ToString()));
    }

    [Fact]
    public void Load_Missing_IsReported()
    {
        var (_, files) = Build();

        Assert.Equal($"the file does not exist at {Path.Combine(_directory, "routes.json")}; restore it (every file of config/ is required, even if it only holds an empty section).",
            Assert.Single(files.States).Error);
    }

    [Fact]
    public void Reload_BrokenFile_KeepsTheLastValues()
    {
        var path = Path.Combine(_directory, "routes.json");
        File.WriteAllText(path, """{"ReverseProxy": {"Routes": {"r": {"ClusterId": "wechatpay"}}}}""");
        var (configuration, files) = Build();
        var good = Assert.Single(files.States).Sha256;

        File.WriteAllText(path, """{"ReverseProxy": {"Routes": {"r": {"ClusterId": "wechat""");
        configuration.Reload();

        Assert.Equal("wechatpay", configuration["ReverseProxy:Routes:r:ClusterId"]);
        Assert.NotNull(Assert.Single(files.States).Error);

        File.WriteAllText(path, """{"ReverseProxy": {"Routes": {"r": {"ClusterId": "backup"}}}}""");
        configuration.Reload();

        Assert.Equal("backup", configuration["ReverseProxy:Routes:r:ClusterId"]);
        var state = Assert.Single(files.States);
        Assert.Null(state.Error);
        Assert.NotEqual(good, state.Sha256);
    }

    private (IConfigurationRoot Configuration, ConfigFiles Files) Build()
    {
        var files = new ConfigFiles(["config/routes.json"]);
        var builder = new ConfigurationBuilder();
        builder.Add(new ConfigFileSource(new PhysicalFileProvider(_directory), "routes.json", "config/routes.json", files, TimeProvider.System, watch: false));
        return (builder.Build(), files);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
