namespace EdgeGateway.Management;

/// <summary>Endpoint metadata: served on the management listener only.</summary>
public sealed class ManagementOnlyMetadata
{
    public static readonly ManagementOnlyMetadata Instance = new();
}
