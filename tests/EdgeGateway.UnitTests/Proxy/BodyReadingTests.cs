using System.Net.Http.Headers;
using EdgeGateway.Requests;
using EdgeGateway.Transforms.Yarp;
using Microsoft.AspNetCore.Http;

namespace EdgeGateway.UnitTests.Proxy;

/// <summary>
/// The two whole-body reads on every request: the caller's body (<see cref="RequestBodyReader"/>) and WeChat Pay's
/// answer (<see cref="BoundedBody"/>). With a Content-Length the body is read straight into an array of that size
/// (whatever size the stream's reads come in); without one it grows; either way nothing over the limit is kept.
/// </summary>
public sealed class BodyReadingTests
{
    private static readonly byte[] Body = [.. Enumerable.Range(0, 40_000).Select(i => (byte)(i % 251))];

    [Theory]
    [InlineData(true, 1)]
    [InlineData(true, 7)]
    [InlineData(true, 40_000)]
    [InlineData(false, 1)]
    [InlineData(false, 4096)]
    [InlineData(false, 40_000)]
    public async Task RequestBody_IsReadWhole_WithOrWithoutALength(bool declared, int readSize)
    {
        var request = Request(Body, declared, readSize);

        var read = await RequestBodyReader.ReadAsync(request, limit: Body.Length, CancellationToken.None);

        Assert.Equal(Body, read);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task RequestBody_OverTheLimit_IsRefused(bool declared)
    {
        var read = await RequestBodyReader.ReadAsync(Request(Body, declared, 4096), limit: Body.Length - 1, CancellationToken.None);

        Assert.Null(read);
    }

    [Fact]
    public async Task RequestBody_DeclaredEmpty_IsEmpty()
    {
        var read = await RequestBodyReader.ReadAsync(Request([], declared: true, 1), limit: 10, CancellationToken.None);

        Assert.Equal(Array.Empty<byte>(), read);
    }

    [Fact]
    public async Task RequestBody_EndingBeforeItsLength_IsWhatArrived()
    {
        // Kestrel fails such a read itself; a stream that simply ends gives back what it had, never zeros after it.
        var request = Request(Body[..100], declared: false, 4096);
        request.ContentLength = 200;

        Assert.Equal(Body[..100], await RequestBodyReader.ReadAsync(request, limit: 1000, CancellationToken.None));
    }

    [Theory]
    [InlineData(true, 1)]
    [InlineData(true, 40_000)]
    [InlineData(false, 3)]
    [InlineData(false, 40_000)]
    public async Task Answer_IsReadWhole_WithOrWithoutALength(bool declared, int readSize)
    {
        using var content = Content(Body, declared, readSize);

        Assert.Equal(Body, await BoundedBody.ReadAsync(content, limit: Body.Length, CancellationToken.None));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Answer_OverTheLimit_IsRefused(bool declared)
    {
        using var content = Content(Body, declared, 4096);

        Assert.Null(await BoundedBody.ReadAsync(content, limit: Body.Length - 1, CancellationToken.None));
    }

    [Fact]
    public async Task Answer_DeclaredEmpty_IsEmpty()
    {
        using var content = Content([], declared: true, 1);

        var read = await BoundedBody.ReadAsync(content, limit: 10, CancellationToken.None);

        Assert.Equal(Array.Empty<byte>(), read);
    }

    private static HttpRequest Request(byte[] body, bool declared, int readSize)
    {
        var context = new DefaultHttpContext();
        context.Request.Body = new TrickleStream(body, readSize);
        context.Request.ContentLength = declared ? body.Length : null;
        return context.Request;
    }

    private static StreamContent Content(byte[] body, bool declared, int readSize)
    {
        var content = new StreamContent(new TrickleStream(body, readSize));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        content.Headers.ContentLength = declared ? body.Length : null;
        return content;
    }

    /// <summary>A body that arrives at most <c>readSize</c> bytes per read, as a network body does.</summary>
    private sealed class TrickleStream(byte[] body, int readSize) : MemoryStream(body, writable: false)
    {
        // Not seekable, as a network body is not: HttpContent must not work out a length the sender did not declare.
        public override bool CanSeek => false;

        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, readSize));

        public override int Read(Span<byte> buffer) => base.Read(buffer[..Math.Min(buffer.Length, readSize)]);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, readSize)], cancellationToken);

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            base.ReadAsync(buffer, offset, Math.Min(count, readSize), cancellationToken);
    }
}
