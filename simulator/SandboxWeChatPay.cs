using System.Globalization;
using System.Net;
using System.Net.Sockets;
using EdgeGateway.Simulator.Keys;

namespace EdgeGateway.Simulator;

/// <summary>
/// The simulator as a gateway hosts it in-process (sandbox mode): all such a host needs, and nothing else.
/// <see cref="Prepare"/> starts nothing: it loads the sandbox keys (generating them on first use) and settles the
/// address, so the host can point its merchant and its WeChat Pay routes at <see cref="BaseAddress"/> while it is
/// still being composed. <see cref="StartAsync"/>, called when the host starts, then listens on exactly that address.
/// </summary>
public sealed class SandboxWeChatPay : IAsyncDisposable
{
    /// <summary>The merchant id a fresh key directory is generated for.</summary>
    public const string DefaultMchId = SandboxKeyMaterial.DefaultMchId;

    private readonly SandboxKeyMaterial _keys;
    private readonly string _listenUrl;
    private SimulatorHost? _host;

    private SandboxWeChatPay(SandboxKeyMaterial keys, string listenUrl, Uri baseAddress)
    {
        _keys = keys;
        _listenUrl = listenUrl;
        BaseAddress = baseAddress;
        Merchant = new SandboxMerchant(keys.MchId, keys.MerchantCertificateSerial, keys.MerchantPrivateKeyPath, keys.ApiV3KeyPath);
    }

    /// <summary>Where the simulator answers once started, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>The sandbox merchant, as a gateway configures it.</summary>
    public SandboxMerchant Merchant { get; }

    /// <summary>The key directory (absolute when <see cref="Prepare"/> was given an absolute path).</summary>
    public string KeysDirectory => _keys.Directory;

    /// <summary>
    /// Loads the key set in <paramref name="keysDirectory"/>, generating it first if the directory holds none, and
    /// settles the address: port 0 in <paramref name="url"/> becomes a port that is free now, since the caller needs
    /// the address before anything listens. Only if another process takes that port before <see cref="StartAsync"/>
    /// does the start fail, saying the address is in use.
    /// </summary>
    public static SandboxWeChatPay Prepare(string keysDirectory, string url = "http://127.0.0.1:0")
    {
        ArgumentException.ThrowIfNullOrEmpty(keysDirectory);
        ArgumentException.ThrowIfNullOrEmpty(url);
        var binding = BindingAddress.Parse(url);
        var host = binding.Host.Trim('[', ']');
        var ip = IPAddress.TryParse(host, out var parsed) ? parsed : null;
        var wildcard = host is "*" or "+" || IPAddress.Any.Equals(ip) || IPAddress.IPv6Any.Equals(ip);
        var port = binding.Port != 0 ? binding.Port : FreePort(wildcard ? IPAddress.Any : ip ?? IPAddress.Loopback);
        var listenUrl = string.Create(CultureInfo.InvariantCulture, $"{binding.Scheme}://{binding.Host}:{port}");
        var baseAddress = new Uri(string.Create(CultureInfo.InvariantCulture, $"{binding.Scheme}://{(wildcard ? "127.0.0.1" : binding.Host)}:{port}"));
        return new SandboxWeChatPay(SandboxKeyMaterial.LoadOrCreate(keysDirectory), listenUrl, baseAddress);
    }

    /// <summary>Starts listening on <see cref="BaseAddress"/>'s port; once only.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (_host is not null)
        {
            throw new InvalidOperationException("The sandbox simulator is already started.");
        }

        _host = await SimulatorHost.StartAsync(_keys.ToSimulatorOptions(), _listenUrl, cancellationToken: cancellationToken);
    }

    /// <summary>Stops listening; requests in flight finish first (within <paramref name="cancellationToken"/>).</summary>
    public Task StopAsync(CancellationToken cancellationToken = default) => _host?.StopAsync(cancellationToken) ?? Task.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (_host is { } host)
        {
            _host = null;
            await host.DisposeAsync();
        }
    }

    private static int FreePort(IPAddress address)
    {
        using var listener = new TcpListener(address, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
