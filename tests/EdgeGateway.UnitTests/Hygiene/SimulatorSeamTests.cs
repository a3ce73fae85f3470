using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using EdgeGateway.Simulator;

namespace EdgeGateway.UnitTests.Hygiene;

/// <summary>
/// The production gateway touches the WeChat Pay simulator in one place, gateway/Sandbox/, and only through what the
/// simulator publishes: a reader sees the whole sandbox seam at once, and the simulator can change its insides freely.
/// </summary>
public sealed partial class SimulatorSeamTests
{
    private const string SimulatorNamespace = "EdgeGateway.Simulator";

    [Fact]
    public void GatewaySources_OutsideTheSandboxFolder_DoNotUseTheSimulatorNamespace()
    {
        var root = DependencyTableTests.RepositoryRoot();
        var sandbox = Path.Combine("gateway", "Sandbox") + Path.DirectorySeparatorChar;
        var offenders = Directory.EnumerateFiles(Path.Combine(root, "gateway"), "*.cs", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(root, f))
            .Where(f => !f.StartsWith(sandbox, StringComparison.Ordinal) && !Generated(f))
            .Where(f => SimulatorName().IsMatch(File.ReadAllText(Path.Combine(root, f))))
            .ToList();

        Assert.True(offenders.Count == 0,
            $"only gateway/Sandbox/ may use {SimulatorNamespace}; move what these files need from the simulator behind the sandbox seam: " + string.Join(", ", offenders));
    }

    [Fact]
    public void GatewayProject_ImportsNoSimulatorNamespaceGlobally()
    {
        var root = DependencyTableTests.RepositoryRoot();
        var project = File.ReadAllText(Path.Combine(root, "gateway", "EdgeGateway.csproj"));

        Assert.DoesNotMatch(@"<Using\s+Include=""EdgeGateway\.Simulator", project);
    }

    [Fact]
    public void Simulator_GrantsTheGatewayNoInternals()
    {
        var gateway = typeof(GatewayApplication).Assembly.GetName().Name;
        var granted = typeof(SandboxWeChatPay).Assembly.GetCustomAttributes<InternalsVisibleToAttribute>().Select(a => a.AssemblyName.Split(',')[0].Trim());

        Assert.DoesNotContain(gateway, granted);
    }

    /// <summary>Build output (obj/, bin/) is not source.</summary>
    private static bool Generated(string relative) => relative.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj");

    [GeneratedRegex(@"\bEdgeGateway\.Simulator\b")]
    private static partial Regex SimulatorName();
}
