using EdgeGateway.Telemetry;
using EdgeGateway.Transforms.Yarp;
using Microsoft.AspNetCore.Http;

namespace EdgeGateway.UnitTests.Telemetry;

public sealed class AnsweredStatusTests
{
    [Fact]
    public void Of_AnsweredRequest_IsTheResponseStatus()
    {
        var context = new DefaultHttpContext();
        context.Response.StatusCode = 404;

        Assert.Equal(404, AnsweredStatus.Of(context));
    }

    [Fact]
    public void Of_CallerAbortedBeforeAnyAnswer_Is499NotTheDefault200()
    {
        var context = new DefaultHttpContext { RequestAborted = new CancellationToken(canceled: true) };

        Assert.Equal(499, AnsweredStatus.Of(context));
    }

    [Fact]
    public void Of_CallerFoundGoneBeforeKestrelCancelledTheToken_Is499()
    {
        var context = new DefaultHttpContext();
        context.Features.Set(ClientClosedRequestFeature.Instance);

        Assert.Equal(499, AnsweredStatus.Of(context));
    }

    [Fact]
    public void Of_GatewayErrorThenAborted_IsTheGatewaysStatus()
    {
        // An error after the response had started ends the exchange: the gateway's verdict (here 504), not the caller's leaving.
        var context = new DefaultHttpContext { RequestAborted = new CancellationToken(canceled: true) };
        context.Response.StatusCode = 200;
        context.Features.Set(new GatewayErrorFeature(504, "UPSTREAM_TIMEOUT"));

        Assert.Equal(504, AnsweredStatus.Of(context));
    }
}
