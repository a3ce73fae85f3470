using System.Net;
using System.Net.Sockets;

namespace EdgeGateway.LoadTests.Processes;

internal static class Ports
{
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Load is only ever aimed at this machine.</summary>
    public static void RequireLoopback(Uri target)
    {
        if (!target.IsLoopback)
        {
            throw new ArgumentException($"The load runner only targets loopback addresses; {target} is not one.");
        }
    }
}
