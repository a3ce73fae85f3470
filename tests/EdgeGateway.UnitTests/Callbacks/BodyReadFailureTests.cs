using EdgeGateway.Callbacks;
using Microsoft.AspNetCore.Http;

namespace EdgeGateway.UnitTests.Callbacks;

public sealed class BodyReadFailureTests
{
    public static TheoryData<Exception, int, string> SenderFaults => new()
    {
        { new IOException("Bad chunk size data.", new OverflowException()), 400, "malformed_request" },
        { new BadHttpRequestException("Bad chunk suffix.", 400), 400, "malformed_request" },
        { new BadHttpRequestException("Unexpected end of request content.", 400), 400, "malformed_request" },
        { new BadHttpRequestException("Request body too large.", 413), 413, "too_large" },
        { new BadHttpRequestException("Reading the request body timed out due to data arriving too slowly.", 408), 408, "body_timeout" },
    };

    [Theory]
    [MemberData(nameof(SenderFaults))]
    public void From_KestrelFramingException_IsTheSendersFault(Exception exception, int status, string reason)
    {
        var failure = BodyReadFailure.From(exception);

        Assert.NotNull(failure);
        Assert.Equal(status, failure.Status);
        Assert.Equal(reason, failure.Reason);
        Assert.Equal($"{exception.GetType().Name}: {exception.Message}", failure.Detail);
    }

    [Fact]
    public void From_IOExceptionFromABadChunk_AnswersTheFailMessageVerbatim() =>
        Assert.Equal("the request could not be read", BodyReadFailure.From(new IOException("Bad chunk size data."))!.Message);

    [Fact]
    public void From_BugInTheGateway_IsNotABodyFailure()
    {
        Assert.Null(BodyReadFailure.From(new InvalidOperationException("Reading is already in progress.")));
        Assert.Null(BodyReadFailure.From(new NullReferenceException()));
    }
}
