using System.Net;
using System.Text;

namespace EdgeGateway.IntegrationTests.Infrastructure;

/// <summary>A request body that sends its first bytes and then nothing more until the request is cancelled.</summary>
public sealed class StalledContent(string prefix, long declaredLength) : HttpContent
{
    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        await stream.WriteAsync(Encoding.ASCII.GetBytes(prefix), cancellationToken);
        await stream.FlushAsync(cancellationToken);
        await Task.Delay(Timeout.Infinite, cancellationToken);
    }

    protected override bool TryComputeLength(out long length)
    {
        length = declaredLength;
        return true;
    }
}
