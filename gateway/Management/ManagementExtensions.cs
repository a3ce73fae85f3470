namespace EdgeGateway.Management;

internal static class ManagementExtensions
{
    /// <summary>A route group whose endpoints are served on the management listener only.</summary>
    public static RouteGroupBuilder MapManagement(this WebApplication app)
    {
        var group = app.MapGroup(string.Empty);
        group.WithMetadata(ManagementOnlyMetadata.Instance);
        return group;
    }

    /// <summary>Marks any endpoint (e.g. one mapped by a library) as management-only.</summary>
    public static TBuilder ManagementOnly<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder
    {
        builder.WithMetadata(ManagementOnlyMetadata.Instance);
        return builder;
    }
}
