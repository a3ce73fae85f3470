using Microsoft.Extensions.FileProviders;

namespace EdgeGateway.Configuration;

/// <summary>The watched config/ folder; owned by the host so its watcher is released when the host is disposed.</summary>
internal sealed class ConfigFolder(PhysicalFileProvider provider) : IDisposable
{
    public PhysicalFileProvider Provider { get; } = provider;

    public void Dispose() => Provider.Dispose();
}
