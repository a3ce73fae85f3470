namespace EdgeGateway.Configuration.Files;

/// <summary>
/// What the gateway last read from one file of config/: its content hash and size when it could be read and
/// parsed, or the reason it could not. The configuration keeps the last values that parsed, so a file that is
/// missing or broken right now leaves its previous values in place until it is fixed.
/// </summary>
public sealed record ConfigFileState(string File, string PhysicalPath, DateTimeOffset ReadAt, string? Sha256, long? Length, DateTimeOffset? LastWrite, string? Error)
{
    public bool IsReadable => Error is null;
}
