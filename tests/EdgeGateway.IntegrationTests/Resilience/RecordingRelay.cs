using System.Net;
using System.Net.Sockets;

namespace EdgeGateway.IntegrationTests.Resilience;

/// <summary>
/// A TCP relay on loopback in front of a real server that keeps every byte a client sent through it, so a
/// test can see exactly what went on the wire (the simulator only keeps parsed requests).
/// </summary>
internal sealed class RecordingRelay : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Uri _target;
    private readonly CancellationTokenSource _stop = new();
    private readonly MemoryStream _received = new();
    private readonly List<byte[]> _reads = [];
    private readonly Task _accepting;

    public RecordingRelay(Uri target)
    {
        _target = target;
        _listener.Start();
        Address = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");
        _accepting = AcceptAsync();
    }

    public Uri Address { get; }

    /// <summary>Everything clients sent, in arrival order.</summary>
    public byte[] Received
    {
        get
        {
            lock (_received)
            {
                return _received.ToArray();
            }
        }
    }

    /// <summary>What each read from a client returned, in order: data sent in one write arrives in one read.</summary>
    public IReadOnlyList<byte[]> Reads
    {
        get
        {
            lock (_received)
            {
                return [.. _reads];
            }
        }
    }

    private async Task AcceptAsync()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                _ = RelayAsync(client);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task RelayAsync(TcpClient client)
    {
        using (client)
        using (var upstream = new TcpClient())
        {
            try
            {
                await upstream.ConnectAsync(_target.Host, _target.Port, _stop.Token);
                var toUpstream = PumpAsync(client.GetStream(), upstream.GetStream(), record: true);
                var toClient = PumpAsync(upstream.GetStream(), client.GetStream(), record: false);
                await Task.WhenAny(toUpstream, toClient);
            }
            catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException)
            {
            }
        }
    }

    private async Task PumpAsync(Stream from, Stream to, bool record)
    {
        var buffer = new byte[16 * 1024];
        int read;
        while ((read = await from.ReadAsync(buffer, _stop.Token)) > 0)
        {
            if (record)
            {
                lock (_received)
                {
                    _received.Write(buffer, 0, read);
                    _reads.Add(buffer[..read]);
                }
            }

            await to.WriteAsync(buffer.AsMemory(0, read), _stop.Token);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        _stop.Dispose();
    }
}
