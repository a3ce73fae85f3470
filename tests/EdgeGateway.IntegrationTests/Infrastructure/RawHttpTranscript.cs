using System.Net.Sockets;
using System.Text;

namespace EdgeGateway.IntegrationTests.Infrastructure;

/// <summary>
/// Everything a server wrote back on one raw connection until it closed it (or <c>timeout</c> passed), for framings
/// where what matters is how many answers came and whether the connection ended.
/// </summary>
public sealed record RawHttpTranscript(string Text, bool ClosedByServer)
{
    /// <summary>The status codes of the answers received, in order.</summary>
    public IReadOnlyList<int> Statuses =>
        [.. Text.Split("\r\n").Where(l => l.StartsWith("HTTP/1.1 ", StringComparison.Ordinal)).Select(l => int.Parse(l.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture))];

    /// <summary>The body of the first answer (after its blank line), up to the next status line.</summary>
    public string FirstBody => Text.Split("\r\n\r\n", 2) is [_, var rest] ? rest.Split("HTTP/1.1 ")[0] : string.Empty;

    /// <summary>Sends <paramref name="request"/>; with <paramref name="endSending"/> the client then shuts down its sending side (FIN), as a client that gave up would.</summary>
    public static async Task<RawHttpTranscript> ExchangeAsync(Uri address, byte[] request, bool endSending, TimeSpan timeout)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(address.Host, address.Port);
        var stream = client.GetStream();
        await stream.WriteAsync(request);
        if (endSending)
        {
            client.Client.Shutdown(SocketShutdown.Send);
        }

        using var cancel = new CancellationTokenSource(timeout);
        var text = new StringBuilder();
        var buffer = new byte[4096];
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer, cancel.Token)) > 0)
            {
                text.Append(Encoding.Latin1.GetString(buffer, 0, read));
            }

            return new RawHttpTranscript(text.ToString(), ClosedByServer: true);
        }
        catch (IOException)
        {
            return new RawHttpTranscript(text.ToString(), ClosedByServer: true); // reset by the server
        }
        catch (OperationCanceledException)
        {
            return new RawHttpTranscript(text.ToString(), ClosedByServer: false);
        }
    }
}
