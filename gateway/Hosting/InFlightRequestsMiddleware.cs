namespace EdgeGateway.Hosting;

/// <summary>Counts every request from the moment the pipeline takes it until its answer is written.</summary>
internal sealed class InFlightRequestsMiddleware(RequestDelegate next, InFlightRequests inFlight)
{
    public async Task InvokeAsync(HttpContext context)
    {
        inFlight.Enter();
        try
        {
            await next(context);
        }
        finally
        {
            inFlight.Leave();
        }
    }
}
