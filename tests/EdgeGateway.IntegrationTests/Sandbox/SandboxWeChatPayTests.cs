using System.Net.Sockets;
using EdgeGateway.IntegrationTests.Infrastructure;
using EdgeGateway.Simulator;

namespace EdgeGateway.IntegrationTests.Sandbox;

/// <summary>The simulator's API for being hosted in-process: prepared without starting, started on the prepared address.</summary>
public sealed class SandboxWeChatPayTests
{
    [Fact]
    public async Task Prepare_PortZero_SettlesALoopbackPort_AndListensOnlyOnceStarted()
    {
        await using var sandbox = SandboxWeChatPay.Prepare(TestKeys.Material.Directory);

        Assert.Equal("127.0.0.1", sandbox.BaseAddress.Host);
        Assert.NotEqual(0, sandbox.BaseAddress.Port);
        Assert.False(await AcceptsAsync(sandbox.BaseAddress), "Prepare started the simulator");

        await sandbox.StartAsync();
        using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = sandbox.BaseAddress };
        client.DefaultRequestHeaders.Add("Accept", "application/json");
        client.DefaultRequestHeaders.Add("User-Agent", "EdgeGateway.IntegrationTests");
        using var unsigned = await client.GetAsync(new Uri("/v3/certificates", UriKind.Relative));
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, unsigned.StatusCode); // unsigned: refused as WeChat Pay would
        Assert.Contains("SIGN_ERROR", await unsigned.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        await sandbox.StopAsync();
        Assert.False(await AcceptsAsync(sandbox.BaseAddress), "the simulator still listens after StopAsync");
    }

    [Fact]
    public async Task Prepare_WildcardHost_IsCalledOnLoopback()
    {
        await using var sandbox = SandboxWeChatPay.Prepare(TestKeys.Material.Directory, "http://0.0.0.0:0");

        Assert.Equal("127.0.0.1", sandbox.BaseAddress.Host);
        Assert.NotEqual(0, sandbox.BaseAddress.Port);
    }

    [Fact]
    public async Task Prepare_ExistingKeyDirectory_GivesItsMerchantAsAGatewayConfiguresIt()
    {
        var keys = TestKeys.Material;
        await using var sandbox = SandboxWeChatPay.Prepare(keys.Directory, "http://127.0.0.1:5099");

        Assert.Equal(new Uri("http://127.0.0.1:5099/"), sandbox.BaseAddress);
        Assert.Equal(keys.Directory, sandbox.KeysDirectory);
        Assert.Equal(new SandboxMerchant(keys.MchId, keys.MerchantCertificateSerial, keys.MerchantPrivateKeyPath, keys.ApiV3KeyPath), sandbox.Merchant);
    }

    [Fact]
    public async Task StartAsync_PreparedPortTakenMeanwhile_FailsSayingSo_AndCanBeDisposed()
    {
        await using var sandbox = SandboxWeChatPay.Prepare(TestKeys.Material.Directory);
        using var squatter = new TcpListener(System.Net.IPAddress.Loopback, sandbox.BaseAddress.Port);
        squatter.Start();

        var error = await Assert.ThrowsAsync<IOException>(() => sandbox.StartAsync());

        Assert.Contains("address already in use", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    internal static async Task<bool> AcceptsAsync(Uri address)
    {
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(address.Host, address.Port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
