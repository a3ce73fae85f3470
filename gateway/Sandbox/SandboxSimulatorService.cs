using EdgeGateway.Simulator;

namespace EdgeGateway.Sandbox;

/// <summary>
/// Runs the sandbox simulator for the host's lifetime: starts it on the address the configuration already points at,
/// stops it after the gateway stopped (hosted services stop in reverse order), and disposes it with the host.
/// </summary>
internal sealed class SandboxSimulatorService(SandboxWeChatPay sandbox) : IHostedService, IAsyncDisposable
{
    public Task StartAsync(CancellationToken cancellationToken) => sandbox.StartAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => sandbox.StopAsync(cancellationToken);

    public ValueTask DisposeAsync() => sandbox.DisposeAsync();
}
