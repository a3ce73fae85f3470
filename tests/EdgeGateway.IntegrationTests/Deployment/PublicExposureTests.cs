using static EdgeGateway.IntegrationTests.Deployment.Manifests;

namespace EdgeGateway.IntegrationTests.Deployment;

/// <summary>deploy/examples/public-callbacks: only /notify/* is public; /v3/* and the management port stay internal.</summary>
public sealed class PublicExposureTests
{
    private static string Example(string name) => Path.Combine(RepositoryRoot, "deploy", "examples", "public-callbacks", name);

    [Fact]
    public void Ingress_RoutesOnlyTheCallbackPrefix_ToTheGatewayHttpPort()
    {
        var ingress = Load(Example("ingress.yaml")).Single();
        var paths = Seq(ingress, "spec", "rules").SelectMany(r => Seq(r, "http", "paths")).ToList();

        Assert.Equal("Ingress", Text(ingress, "kind"));
        Assert.Null(Node(ingress, "spec", "defaultBackend"));
        Assert.NotEmpty(paths);
        Assert.All(paths, p =>
        {
            Assert.Equal("/notify/", Text(p, "path"));
            Assert.Equal("Prefix", Text(p, "pathType"));
            Assert.Equal(Text(Single("Service", "edgegateway"), "metadata", "name"), Text(p, "backend", "service", "name"));
            Assert.Equal("http", Text(p, "backend", "service", "port", "name"));
        });
    }

    [Fact]
    public void NetworkPolicy_SelectsTheGatewayPods_AndOpensManagementOnlyToMonitoring()
    {
        var policy = Load(Example("networkpolicy.yaml")).Single();
        var podLabels = Strings(Map(Single("Deployment"), "spec", "template", "metadata", "labels"));
        var rules = Seq(policy, "spec", "ingress").ToList();

        Assert.All(Strings(Map(policy, "spec", "podSelector", "matchLabels")), l => Assert.Equal(l.Value, podLabels.GetValueOrDefault(l.Key)));
        Assert.All(rules, r => Assert.NotEmpty(Seq(r, "from"))); // no rule open to every source
        var management = rules.Where(r => Seq(r, "ports").Any(p => Text(p, "port") == "management")).ToList();
        var source = Assert.Single(Seq(Assert.Single(management), "from"));
        Assert.Equal("monitoring", Text(source, "namespaceSelector", "matchLabels", "kubernetes.io/metadata.name"));
        var containerPorts = Seq(Container(Single("Deployment")), "ports").Select(p => Text(p, "name")).ToHashSet();
        Assert.All(rules.SelectMany(r => Seq(r, "ports")), p => Assert.Contains(Text(p, "port"), containerPorts));
    }
}
