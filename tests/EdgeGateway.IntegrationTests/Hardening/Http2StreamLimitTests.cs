using System.Buffers.Binary;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using EdgeGateway.IntegrationTests.Infrastructure;

namespace EdgeGateway.IntegrationTests.Hardening;

/// <summary>
/// <c>EdgeGateway:ServerLimits:Http2MaxStreamsPerConnection</c> reaches Kestrel: an h2 client over TLS (ALPN)
/// is told the limit in the server's SETTINGS, and a stream opened beyond it is refused (RST_STREAM
/// REFUSED_STREAM) while the others are still open. Spoken frame by frame (RFC 9113), so nothing is timed:
/// the streams within the limit wait for a body that never comes.
/// </summary>
public sealed class Http2StreamLimitTests : IAsyncLifetime
{
    private const int Limit = 3;
    private const byte Headers = 0x1, RstStream = 0x3, Settings = 0x4, GoAway = 0x7;
    private const byte EndHeaders = 0x4, Ack = 0x1;
    private const ushort MaxConcurrentStreams = 0x3;
    private const uint RefusedStream = 0x7;
    private readonly string _directory = Directory.CreateTempSubdirectory("edgegateway-h2-").FullName;
    private GatewayTestHost _host = null!;
    private Uri _https = null!;

    public async Task InitializeAsync()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=edgegateway-test-h2", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        File.WriteAllText(Path.Combine(_directory, "server.key"), key.ExportPkcs8PrivateKeyPem());
        File.WriteAllText(Path.Combine(_directory, "server.pem"), certificate.ExportCertificatePem());
        _https = new Uri($"https://127.0.0.1:{GatewayTestHost.FreePort()}");
        _host = await GatewayTestHost.StartAsync(new Dictionary<string, string?>
        {
            ["Kestrel:Endpoints:Tls:Url"] = _https.ToString(),
            ["EdgeGateway:Tls:CertificateFile"] = Path.Combine(_directory, "server.pem"),
            ["EdgeGateway:Tls:KeyFile"] = Path.Combine(_directory, "server.key"),
            ["EdgeGateway:ServerLimits:Http2MaxStreamsPerConnection"] = Limit.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task H2OverTls_ServerAdvertisesTheConfiguredStreamLimit_AndRefusesTheStreamBeyondIt()
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(_https.Host, _https.Port);
        await using var tls = new SslStream(tcp.GetStream());
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = "127.0.0.1",
            ApplicationProtocols = [SslApplicationProtocol.Http2],
            RemoteCertificateValidationCallback = (_, _, _, _) => true, // the test's own self-signed certificate
        });
        Assert.Equal(SslApplicationProtocol.Http2, tls.NegotiatedApplicationProtocol);

        await tls.WriteAsync("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"u8.ToArray());
        await WriteFrameAsync(tls, Settings, 0, 0, []);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        var settings = await ReadUntilAsync(tls, f => f.Type == Settings && (f.Flags & Ack) == 0, timeout.Token);
        Assert.Equal((uint)Limit, SettingValue(settings.Payload, MaxConcurrentStreams));
        await WriteFrameAsync(tls, Settings, Ack, 0, []);

        // Limit + 1 POSTs that announce a body and never send it: the first Limit stay open, waiting.
        for (var i = 0; i <= Limit; i++)
        {
            await WriteFrameAsync(tls, Headers, EndHeaders, 1 + (2 * i), Block(
                (":method", "POST"), (":scheme", "https"), (":authority", _https.Authority), (":path", "/v3/pay/transactions/jsapi"),
                ("x-api-key", GatewayTestHost.DefaultApiKey), ("content-type", "application/json"), ("content-length", "64")));
        }

        var beyond = 1 + (2 * Limit);
        var refused = await ReadUntilAsync(tls, f => f.Type is RstStream or GoAway || (f.Type == Headers && f.StreamId == beyond), timeout.Token);
        Assert.Equal((RstStream, beyond), (refused.Type, refused.StreamId));
        Assert.Equal(RefusedStream, BinaryPrimitives.ReadUInt32BigEndian(refused.Payload));
    }

    private static uint? SettingValue(byte[] payload, ushort id)
    {
        for (var offset = 0; offset + 6 <= payload.Length; offset += 6)
        {
            if (BinaryPrimitives.ReadUInt16BigEndian(payload.AsSpan(offset)) == id)
            {
                return BinaryPrimitives.ReadUInt32BigEndian(payload.AsSpan(offset + 2));
            }
        }

        return null;
    }

    /// <summary>An HPACK block of literal fields without indexing, names and values not Huffman-coded (RFC 7541 §6.2.2).</summary>
    private static byte[] Block(params (string Name, string Value)[] fields)
    {
        var block = new List<byte>();
        foreach (var (name, value) in fields)
        {
            block.Add(0x00);
            block.Add((byte)name.Length);
            block.AddRange(Encoding.ASCII.GetBytes(name));
            block.Add((byte)value.Length);
            block.AddRange(Encoding.ASCII.GetBytes(value));
        }

        return [.. block];
    }

    private static async Task WriteFrameAsync(Stream stream, byte type, byte flags, int streamId, byte[] payload)
    {
        var frame = new byte[9 + payload.Length];
        frame[0] = (byte)(payload.Length >> 16);
        frame[1] = (byte)(payload.Length >> 8);
        frame[2] = (byte)payload.Length;
        frame[3] = type;
        frame[4] = flags;
        BinaryPrimitives.WriteInt32BigEndian(frame.AsSpan(5), streamId);
        payload.CopyTo(frame, 9);
        await stream.WriteAsync(frame);
        await stream.FlushAsync();
    }

    private static async Task<Frame> ReadUntilAsync(Stream stream, Func<Frame, bool> wanted, CancellationToken cancellationToken)
    {
        while (true)
        {
            var header = new byte[9];
            await stream.ReadExactlyAsync(header, cancellationToken);
            var payload = new byte[(header[0] << 16) | (header[1] << 8) | header[2]];
            await stream.ReadExactlyAsync(payload, cancellationToken);
            var frame = new Frame(header[3], header[4], BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(5)) & 0x7FFFFFFF, payload);
            if (wanted(frame))
            {
                return frame;
            }
        }
    }

    private sealed record Frame(byte Type, byte Flags, int StreamId, byte[] Payload);
}
