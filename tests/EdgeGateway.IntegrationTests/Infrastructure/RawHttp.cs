using System.Net.Sockets;
using System.Text;

namespace EdgeGateway.IntegrationTests.Infrastructure;

/// <summary>Speaks HTTP/1.1 over a raw socket, for inputs a well-behaved client library refuses to send.</summary>
public static class RawHttp
{
    /// <summary>Sends <paramref name="request"/> as bytes and returns the status code of the answer (0 when the connection closed without one).</summary>
    public static async Task<int> SendAsync(Uri address, byte[] request, TimeSpan timeout)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(address.Host, address.Port);
        var stream = client.GetStream();
        await stream.WriteAsync(request);
        return await ReadStatusAsync(stream, timeout);
    }

    public static Task<int> SendAsync(Uri address, string request, TimeSpan timeout) => SendAsync(address, Encoding.Latin1.GetBytes(request), timeout);

    /// <summary>Reads the status line; 0 if the server closed the connection first.</summary>
    public static async Task<int> ReadStatusAsync(NetworkStream stream, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        var buffer = new byte[4096];
        var text = new StringBuilder();
        try
        {
            while (!text.ToString().Contains("\r\n", StringComparison.Ordinal))
            {
                var read = await stream.ReadAsync(buffer, cancel.Token);
                if (read == 0)
                {
                    return 0;
                }

                text.Append(Encoding.Latin1.GetString(buffer, 0, read));
            }
        }
        catch (IOException)
        {
            return 0;
        }

        var line = text.ToString().Split("\r\n")[0];
        return int.Parse(line.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
    }
}
