using EdgeGateway.Simulator;
using EdgeGateway.Telemetry;

namespace EdgeGateway.Sandbox;

/// <summary>Says loudly, at start, that this gateway talks to the simulator and not to WeChat Pay.</summary>
internal sealed partial class SandboxBanner(SandboxWeChatPay sandbox, ILogger<SandboxBanner> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        LogSandbox(logger, sandbox.BaseAddress, sandbox.Merchant.MchId, sandbox.KeysDirectory);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = EventIds.SandboxMode, Level = LogLevel.Warning,
        Message = "SANDBOX MODE: every WeChat Pay route goes to the simulator at {SimulatorAddress}, merchant {MchId}, keys in {KeysDirectory}. Nothing reaches WeChat Pay. Set EdgeGateway:Sandbox:Enabled=false and configure merchants for production.")]
    private static partial void LogSandbox(ILogger logger, Uri simulatorAddress, string mchId, string keysDirectory);
}
