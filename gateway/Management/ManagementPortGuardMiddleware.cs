namespace EdgeGateway.Management;

/// <summary>
/// Keeps the two listeners apart: a management endpoint asked for on the public listener, or anything
/// else asked for on the management listener, is answered 404 as if it did not exist.
/// </summary>
internal sealed class ManagementPortGuardMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        var managementEndpoint = context.GetEndpoint()?.Metadata.GetMetadata<ManagementOnlyMetadata>() is not null;
        if (managementEndpoint != ManagementListener.IsManagementConnection(context))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        }

        return next(context);
    }
}
