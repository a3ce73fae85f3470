using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using EdgeGateway.IntegrationTests.Infrastructure;
using static EdgeGateway.IntegrationTests.Deployment.Manifests;

namespace EdgeGateway.IntegrationTests.Deployment;

/// <summary>deploy/kubernetes and the Dockerfile parse and agree with each other and with the gateway (Docker itself is not run here).</summary>
public sealed partial class ManifestTests
{
    [Fact]
    public void EveryManifest_Parses_AndNamesItsKind()
    {
        var documents = All();

        Assert.NotEmpty(documents);
        Assert.All(documents, d =>
        {
            Assert.False(string.IsNullOrEmpty(Text(d.Document, "apiVersion")), $"{d.File}: apiVersion");
            Assert.False(string.IsNullOrEmpty(Text(d.Document, "kind")), $"{d.File}: kind");
            Assert.True(Text(d.Document, "kind") == "Kustomization" || !string.IsNullOrEmpty(Text(d.Document, "metadata", "name")), $"{d.File}: metadata.name");
        });
        Assert.Equal(["ConfigMap", "Deployment", "HorizontalPodAutoscaler", "Kustomization", "PodDisruptionBudget", "Secret", "Service"],
            documents.Select(d => Text(d.Document, "kind")!).Distinct().Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Kustomization_ListsEveryManifestButTheSecretTemplate()
    {
        var listed = ((YamlDotNet.RepresentationModel.YamlSequenceNode)Node(Single("Kustomization"), "resources")!).Children.Select(c => c.ToString()).ToList();

        Assert.All(listed, f => Assert.True(File.Exists(Path.Combine(Manifests.Directory, f)), $"{f} is listed but does not exist"));
        var files = System.IO.Directory.GetFiles(Manifests.Directory, "*.yaml").Select(Path.GetFileName).Where(f => f is not ("kustomization.yaml" or "secret.yaml"));
        Assert.Equal(files.Order(StringComparer.Ordinal), listed.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Selectors_MatchThePodLabels_AndTheAutoscalerTargetsTheDeployment()
    {
        var deployment = Single("Deployment");
        var podLabels = Strings(Map(deployment, "spec", "template", "metadata", "labels"));

        void Covered(IReadOnlyDictionary<string, string> selector, string what) =>
            Assert.All(selector, s => Assert.True(podLabels.TryGetValue(s.Key, out var value) && value == s.Value, $"{what} selects {s.Key}={s.Value}, which the pods do not carry"));

        Covered(Strings(Map(deployment, "spec", "selector", "matchLabels")), "the Deployment");
        Assert.All(OfKind("Service"), s => Covered(Strings(Map(s, "spec", "selector")), $"Service {Text(s, "metadata", "name")}"));
        Covered(Strings(Map(Single("PodDisruptionBudget"), "spec", "selector", "matchLabels")), "the PodDisruptionBudget");

        var hpa = Single("HorizontalPodAutoscaler");
        Assert.Equal("Deployment", Text(hpa, "spec", "scaleTargetRef", "kind"));
        Assert.Equal(Text(deployment, "metadata", "name"), Text(hpa, "spec", "scaleTargetRef", "name"));
        Assert.Equal(Text(deployment, "apiVersion"), Text(hpa, "spec", "scaleTargetRef", "apiVersion"));
        var minReplicas = int.Parse(Text(hpa, "spec", "minReplicas")!, CultureInfo.InvariantCulture);
        var minAvailable = int.Parse(Text(Single("PodDisruptionBudget"), "spec", "minAvailable")!, CultureInfo.InvariantCulture);
        Assert.True(minAvailable < minReplicas, "the PodDisruptionBudget would block every voluntary eviction");
    }

    [Fact]
    public void Ports_AgreeAcrossServicesProbesAndTheDockerfile()
    {
        var container = Container(Single("Deployment"));
        var ports = Seq(container, "ports").ToDictionary(p => Text(p, "name")!, p => int.Parse(Text(p, "containerPort")!, CultureInfo.InvariantCulture));
        Assert.Equal(new Dictionary<string, int> { ["http"] = 8080, ["management"] = 9090 }, ports);

        Assert.All(OfKind("Service").SelectMany(s => Seq(s, "spec", "ports")), p => Assert.Contains(Text(p, "targetPort")!, ports.Keys));
        foreach (var probe in new[] { "readinessProbe", "livenessProbe", "startupProbe" })
        {
            Assert.Equal("management", Text(container, probe, "httpGet", "port"));
        }

        var dockerfile = File.ReadAllText(Path.Combine(RepositoryRoot, "Dockerfile"));
        Assert.Equal(ports.Values.Order(), ExposeLine().Match(dockerfile).Groups[1].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).Order());
        Assert.Contains($"Kestrel__Endpoints__Public__Url=http://0.0.0.0:{ports["http"]}", dockerfile, StringComparison.Ordinal);
        Assert.Contains($"Kestrel__Endpoints__Management__Url=http://0.0.0.0:{ports["management"]}", dockerfile, StringComparison.Ordinal);
        Assert.Contains("DOTNET_USE_POLLING_FILE_WATCHER=true", dockerfile, StringComparison.Ordinal);
    }

    [Fact]
    public void VolumesAndSecrets_ReferToWhatIsDefined()
    {
        var deployment = Single("Deployment");
        var container = Container(deployment);
        var volumes = Seq(deployment, "spec", "template", "spec", "volumes").ToDictionary(v => Text(v, "name")!);
        var secrets = OfKind("Secret").ToDictionary(s => Text(s, "metadata", "name")!, s => Strings(Map(s, "stringData")));

        Assert.All(Seq(container, "volumeMounts"), m => Assert.Contains(Text(m, "name")!, volumes.Keys));
        Assert.Equal("/app/config", Text(Seq(container, "volumeMounts").Single(m => Text(m, "name") == "config"), "mountPath"));
        Assert.Equal(Text(Single("ConfigMap"), "metadata", "name"), Text(volumes["config"], "configMap", "name"));
        foreach (var volume in volumes.Values.Where(v => Node(v, "secret") is not null))
        {
            var secret = secrets[Text(volume, "secret", "secretName")!];
            Assert.All(Seq(volume, "secret", "items"), i => Assert.Contains(Text(i, "key")!, secret.Keys));
        }

        foreach (var reference in Seq(container, "env").Select(e => Node(e, "valueFrom", "secretKeyRef")).OfType<YamlDotNet.RepresentationModel.YamlMappingNode>())
        {
            Assert.True(secrets.TryGetValue(Text(reference, "name")!, out var secret), $"no Secret {Text(reference, "name")}");
            Assert.Contains(Text(reference, "key")!, secret.Keys);
        }
    }

    [Fact]
    public void TerminationGrace_CoversThePreStopPauseAndTheDrain()
    {
        var deployment = Single("Deployment");
        var container = Container(deployment);
        var grace = int.Parse(Text(deployment, "spec", "template", "spec", "terminationGracePeriodSeconds")!, CultureInfo.InvariantCulture);
        var preStop = int.Parse(Text(container, "lifecycle", "preStop", "sleep", "seconds")!, CultureInfo.InvariantCulture);
        var drain = TimeSpan.Parse(Text(Seq(container, "env").Single(e => Text(e, "name") == "EdgeGateway__ShutdownTimeout"), "value")!, CultureInfo.InvariantCulture);

        Assert.True(preStop + drain.TotalSeconds < grace, $"preStop {preStop} s + drain {drain} must fit in terminationGracePeriodSeconds {grace}");
    }

    [Fact]
    public async Task Probes_AskForPathsTheGatewayServesOnItsManagementListener()
    {
        var container = Container(Single("Deployment"));
        await using var host = await GatewayTestHost.StartAsync();

        foreach (var probe in new[] { "readinessProbe", "livenessProbe", "startupProbe" })
        {
            var path = Text(container, probe, "httpGet", "path");
            using var response = await host.ManagementClient.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{probe} {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            using var publicResponse = await host.Client.GetAsync(path);
            Assert.Equal(HttpStatusCode.NotFound, publicResponse.StatusCode); // probes are not on the public listener
        }

        Assert.Equal("/health/ready", Text(container, "readinessProbe", "httpGet", "path"));
    }

    [Fact]
    public void ConfigMap_HoldsExactlyTheFilesOfConfig()
    {
        var data = Strings(Map(Single("ConfigMap"), "data"));
        var files = System.IO.Directory.GetFiles(Path.Combine(RepositoryRoot, "config"), "*.json");

        Assert.Equal(files.Select(Path.GetFileName).Order(StringComparer.Ordinal), data.Keys.Order(StringComparer.Ordinal));
        Assert.All(files, f => Assert.True(data[Path.GetFileName(f)] == File.ReadAllText(f),
            $"deploy/kubernetes/configmap.yaml is out of date for {Path.GetFileName(f)}: run deploy/kubernetes/generate-configmap.sh"));
    }

    [GeneratedRegex(@"(?m)^EXPOSE\s+([0-9 ]+)$")]
    private static partial Regex ExposeLine();
}
