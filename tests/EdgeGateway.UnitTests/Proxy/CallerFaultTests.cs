using EdgeGateway.Proxy;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http;

namespace EdgeGateway.UnitTests.Proxy;

public sealed class CallerFaultTests
{
    [Theory]
    [InlineData(400, "INVALID_REQUEST")]
    [InlineData(408, "INVALID_REQUEST")]
    [InlineData(413, "REQUEST_TOO_LARGE")]
    public void Classify_KestrelsBadRequest_IsTheCallersWithKestrelsStatus(int status, string code)
    {
        var fault = CallerFault.Classify(new BadHttpRequestException("Unexpected end of request content.", status), new DefaultHttpContext());

        Assert.Equal((status, code, "The request body could not be read: Unexpected end of request content.", true), (fault!.Status, fault.Code, fault.Message, fault.ClosesConnection));
    }

    [Fact]
    public void Classify_KestrelsIOExceptionForAnOverflowingChunkSize_Is400()
    {
        // What Kestrel throws for the chunk size "80000000" (2 GiB), seen with .NET 10: a plain IOException from its own assembly.
        var overflow = new IOException("Bad chunk size data.", new OverflowException()) { Source = "Microsoft.AspNetCore.Server.Kestrel.Core" };

        var fault = CallerFault.Classify(overflow, new DefaultHttpContext());

        Assert.Equal((400, "INVALID_REQUEST", "The request body could not be read: Bad chunk size data."), (fault!.Status, fault.Code, fault.Message));
    }

    [Fact]
    public void Classify_ConnectionReset_IsTheCallerGone()
    {
        var fault = CallerFault.Classify(new ConnectionResetException("Connection reset by peer"), new DefaultHttpContext());

        Assert.Equal((499, true, false), (fault!.Status, fault.CallerGone, fault.ClosesConnection));
    }

    [Fact]
    public void Classify_CancelledAfterTheCallerAborted_IsTheCallerGone()
    {
        var context = new DefaultHttpContext { RequestAborted = new CancellationToken(canceled: true) };

        Assert.True(CallerFault.Classify(new OperationCanceledException(), context)!.CallerGone);
    }

    [Fact]
    public void Classify_AnythingElse_IsNotTheCallers()
    {
        var context = new DefaultHttpContext();

        Assert.Null(CallerFault.Classify(new InvalidOperationException("a bug"), context));
        Assert.Null(CallerFault.Classify(new IOException("a file the gateway could not read"), context));
        Assert.Null(CallerFault.Classify(new OperationCanceledException(), context));
    }
}
