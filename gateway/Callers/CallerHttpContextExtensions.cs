namespace EdgeGateway.Callers;

public static class CallerHttpContextExtensions
{
    /// <summary>The caller authenticated for this request, or null outside the proxy routes.</summary>
    public static Caller? GetCaller(this HttpContext context) => context.Features.Get<Caller>();
}
