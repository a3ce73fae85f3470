using System.Net.Sockets;
using System.Text;
using EdgeGateway.Simulator;
using EdgeGateway.Simulator.Faults;

namespace EdgeGateway.IntegrationTests.Callbacks;

/// <summary>Callbacks over a raw HTTP/1.1 connection, for framings no client library sends (bad chunks, pipelining).</summary>
internal static class RawCallback
{
    /// <summary>The request head of a callback to <c>/notify/pay</c>, signed over <paramref name="envelope"/>, ending in the blank line.</summary>
    public static byte[] Head(SimulatorHost simulator, byte[] envelope, string framingHeader, bool close = false)
    {
        if (close)
        {
            framingHeader += "\r\nConnection: close";
        }

        var signed = simulator.Signer.Sign(envelope, requestedSerial: null, SignatureFault.None)!.Value;
        var head = $"POST /notify/{CallbackTestSupport.Name} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n{framingHeader}\r\n"
            + $"Wechatpay-Timestamp: {signed.Timestamp}\r\nWechatpay-Nonce: {signed.Nonce}\r\nWechatpay-Signature: {signed.Signature}\r\n"
            + $"Wechatpay-Serial: {signed.Serial}\r\nWechatpay-Signature-Type: {signed.SignatureType}\r\n\r\n";
        return Encoding.ASCII.GetBytes(head);
    }

    /// <summary>A well-formed, correctly signed callback with a Content-Length body.</summary>
    public static byte[] Valid(SimulatorHost simulator, byte[] envelope) =>
        [.. Head(simulator, envelope, $"Content-Length: {envelope.Length}"), .. envelope];

    /// <summary>A signed callback whose body is sent chunked, with <paramref name="chunkedBody"/> as the raw framing.</summary>
    public static byte[] Chunked(SimulatorHost simulator, byte[] envelope, byte[] chunkedBody, bool close = false) =>
        [.. Head(simulator, envelope, "Transfer-Encoding: chunked", close), .. chunkedBody];

    /// <summary>Writes <paramref name="bytes"/>, then reads until the server closes (or <paramref name="timeout"/>); with <paramref name="reset"/> the client resets instead of reading.</summary>
    public static async Task<RawExchange> SendAsync(Uri address, byte[] bytes, TimeSpan timeout, bool reset = false)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(address.Host, address.Port);
        var stream = client.GetStream();
        await stream.WriteAsync(bytes);
        if (reset)
        {
            client.LingerState = new LingerOption(true, 0);
            client.Close();
            return new RawExchange(string.Empty, ClosedByServer: false);
        }

        using var cancel = new CancellationTokenSource(timeout);
        var text = new StringBuilder();
        var buffer = new byte[8192];
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer, cancel.Token)) > 0)
            {
                text.Append(Encoding.UTF8.GetString(buffer, 0, read));
            }

            return new RawExchange(text.ToString(), ClosedByServer: true);
        }
        catch (OperationCanceledException)
        {
            return new RawExchange(text.ToString(), ClosedByServer: false);
        }
        catch (IOException)
        {
            return new RawExchange(text.ToString(), ClosedByServer: true);
        }
    }
}
