using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using EdgeGateway.Callbacks;
using EdgeGateway.Configuration;
using EdgeGateway.Configuration.Rules;
using Json.Schema;

namespace EdgeGateway.IntegrationTests.Configuration;

/// <summary>config/schemas: the shipped files validate, every field the gateway reads is described, and typos are caught.</summary>
public sealed class ConfigSchemaTests
{
    public static TheoryData<string> Files => new() { "routes", "policies", "callbacks" };

    [Theory]
    [MemberData(nameof(Files))]
    public void ShippedFile_NamesItsSchema_AndValidatesAgainstIt(string name)
    {
        var document = JsonNode.Parse(File.ReadAllText(ConfigPath($"{name}.json")))!;

        Assert.Equal($"./schemas/{name}.schema.json", (string?)document["$schema"]);
        var results = Schema(name).Evaluate(JsonSerializer.SerializeToElement(document), new EvaluationOptions { OutputFormat = OutputFormat.List });
        Assert.True(results.IsValid, string.Join(Environment.NewLine, Errors(results)));
    }

    [Fact]
    public void Schemas_CatchWhatTheGatewayRefuses()
    {
        var routes = JsonNode.Parse(File.ReadAllText(ConfigPath("routes.json")))!;
        routes["ReverseProxy"]!["Routes"]!["pay-jsapi"]!["Timout"] = "00:00:15";
        routes["ReverseProxy"]!["Routes"]!["pay-app"]!["Timeout"] = "15s";
        routes["ReverseProxy"]!["Routes"]!["pay-h5"]!["Transforms"]![0]!["WeChatPay"] = "Sign";

        var results = Schema("routes").Evaluate(JsonSerializer.SerializeToElement(routes), new EvaluationOptions { OutputFormat = OutputFormat.List });

        Assert.False(results.IsValid);
        var locations = Nodes(results).Where(d => !d.IsValid && d.Errors is { Count: > 0 }).Select(d => d.InstanceLocation.ToString()).ToHashSet();
        Assert.Contains("/ReverseProxy/Routes/pay-jsapi/Timout", locations);
        Assert.Contains("/ReverseProxy/Routes/pay-app/Timeout", locations);
        Assert.Contains("/ReverseProxy/Routes/pay-h5/Transforms/0/WeChatPay", locations);
    }

    [Fact]
    public void PolicySchema_DescribesEveryFieldOfEveryPolicy()
    {
        var schema = JsonNode.Parse(File.ReadAllText(ConfigPath("schemas/policies.schema.json")))!;
        var sections = schema["properties"]!["Policies"]!["properties"]!.AsObject();
        foreach (var section in PolicyBinder.Sections())
        {
            Assert.True(sections.ContainsKey(section.Name), $"policies.schema.json has no section {section.Name}");
            var definition = (string)sections[section.Name]!["additionalProperties"]!["$ref"]!;
            var fields = schema["definitions"]![definition.Split('/')[^1]]!["properties"]!.AsObject();
            Assert.All(Settable(section.PropertyType.GetGenericArguments()[1]), p => Assert.True(fields.ContainsKey(p), $"{section.Name}.{p} is not in policies.schema.json"));
        }
    }

    [Fact]
    public void RouteSchema_DescribesEveryRouteMetadataKey_AndCallbackSchemaEveryField()
    {
        var routes = JsonNode.Parse(File.ReadAllText(ConfigPath("schemas/routes.schema.json")))!;
        var metadata = routes["definitions"]!["route"]!["properties"]!["Metadata"]!["properties"]!.AsObject();
        Assert.All(UnknownRouteMetadataKeyValidator.Known, k => Assert.True(metadata.ContainsKey(k), $"Metadata.{k} is not in routes.schema.json"));

        var callbacks = JsonNode.Parse(File.ReadAllText(ConfigPath("schemas/callbacks.schema.json")))!;
        var fields = callbacks["properties"]!["Callbacks"]!["additionalProperties"]!["properties"]!.AsObject();
        Assert.All(Settable(typeof(CallbackRoute)), p => Assert.True(fields.ContainsKey(p), $"{p} is not in callbacks.schema.json"));
    }

    [Fact]
    public void FieldReference_ExplainsEveryPolicyFieldAndRouteSetting()
    {
        var readme = File.ReadAllText(ConfigPath("README.md"));
        var names = PolicyBinder.Sections().SelectMany(s => Settable(s.PropertyType.GetGenericArguments()[1]).Prepend(s.Name))
            .Concat(UnknownRouteMetadataKeyValidator.Known).Concat(Settable(typeof(CallbackRoute))).Distinct();

        Assert.All(names, n => Assert.True(readme.Contains($"`{n}`", StringComparison.Ordinal), $"config/README.md does not explain `{n}`"));
    }

    private static IEnumerable<string> Settable(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite).Select(p => p.Name);

    private static JsonSchema Schema(string name) =>
        JsonSchema.FromText(File.ReadAllText(ConfigPath($"schemas/{name}.schema.json")), new BuildOptions { SchemaRegistry = new SchemaRegistry() });

    private static IEnumerable<string> Errors(EvaluationResults results) =>
        Nodes(results).Where(d => d.Errors is { Count: > 0 }).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}"));

    private static IEnumerable<EvaluationResults> Nodes(EvaluationResults results) => [results, .. results.Details ?? []];

    private static string ConfigPath(string relative) => Path.Combine(Deployment.Manifests.RepositoryRoot, "config", relative);
}
