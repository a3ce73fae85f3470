using System.Text;
using EdgeGateway.Transforms.Http;

namespace EdgeGateway.UnitTests.Http;

public sealed class MediaUploadTests
{
    private const string ContentType = "multipart/form-data; boundary=edge-boundary";
    private const string Meta = "{\"filename\":\"a.png\",\"sha256\":\"00\"}";
    private const string MetaPart = "--edge-boundary\r\nContent-Disposition: form-data; name=\"meta\"\r\nContent-Type: application/json\r\n\r\n" + Meta + "\r\n";
    private const string FilePart = "--edge-boundary\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.png\"\r\nContent-Type: image/png\r\n\r\nPNGDATA\r\n";
    private const string End = "--edge-boundary--\r\n";

    private static Task<(MediaUpload? Upload, string? Error)> Read(string body, string contentType = ContentType) =>
        MediaUpload.ReadAsync(contentType, Encoding.UTF8.GetBytes(body));

    [Fact]
    public async Task ReadAsync_MetaAndFile_GivesTheMetaBytesExactly()
    {
        var (upload, error) = await Read(MetaPart + FilePart + End);

        Assert.Null(error);
        Assert.Equal(Meta, Encoding.UTF8.GetString(upload!.Meta));
        Assert.Equal("PNGDATA", Encoding.UTF8.GetString(upload.File));
        Assert.Equal("a.png", upload.FileName);
    }

    [Fact]
    public async Task ReadAsync_FakeMetaInAPreamble_IsRefused()
    {
        var (upload, error) = await Read("preamble --edge-boundary\r\nContent-Disposition: form-data; name=\"meta\"\r\n\r\n{\"fake\":1}\r\n" + MetaPart + FilePart + End);

        Assert.Null(upload);
        Assert.Equal("the multipart body must start with its boundary line (no preamble)", error);
    }

    [Fact]
    public async Task ReadAsync_BoundaryInTheMiddleOfALine_IsPartOfTheContent()
    {
        // "--edge-boundary" inside the meta line is content, not a delimiter: the meta is what stands between the real ones.
        const string meta = "{\"filename\":\"a --edge-boundary b.png\",\"sha256\":\"00\"}";
        var (upload, error) = await Read("--edge-boundary\r\nContent-Disposition: form-data; name=\"meta\"\r\n\r\n" + meta + "\r\n" + FilePart + End);

        Assert.Null(error);
        Assert.Equal(meta, Encoding.UTF8.GetString(upload!.Meta));
    }

    [Theory]
    [InlineData("--edge-boundary\r\nContent-Disposition: form-data; xname=\"meta\"\r\n\r\n{}\r\n")]
    [InlineData("--edge-boundary\r\nContent-Disposition: form-data; name=\"metadata\"\r\n\r\n{}\r\n")]
    [InlineData("--edge-boundary\r\nContent-Disposition: form-data; name=\"META\"\r\n\r\n{}\r\n")]
    public async Task ReadAsync_PartNotNamedExactlyMetaOrFile_IsRefused(string part)
    {
        var (upload, error) = await Read(part + MetaPart + FilePart + End);

        Assert.Null(upload);
        Assert.Equal("the multipart body has a part not named \"meta\" or \"file\"; send exactly one of each and nothing else", error);
    }

    [Fact]
    public async Task ReadAsync_TwoMetaParts_AreRefused()
    {
        var (upload, error) = await Read(MetaPart + MetaPart + FilePart + End);

        Assert.Null(upload);
        Assert.Equal("the multipart body has more than one part named \"meta\"; send exactly one \"meta\" and one \"file\"", error);
    }

    [Theory]
    [InlineData(MetaPart + End, "the multipart body has no part named \"file\"")]
    [InlineData(FilePart + End, "the multipart body has no part named \"meta\"")]
    public async Task ReadAsync_MissingPart_IsRefused(string body, string message)
    {
        var (upload, error) = await Read(body);

        Assert.Null(upload);
        Assert.Equal(message, error);
    }

    [Theory]
    [InlineData("multipart/form-data")]
    [InlineData("application/json")]
    [InlineData("multipart/form-data; boundary=")]
    public async Task ReadAsync_ContentTypeWithoutUsableBoundary_IsRefused(string contentType)
    {
        var (upload, error) = await Read(MetaPart + FilePart + End, contentType);

        Assert.Null(upload);
        Assert.NotNull(error);
    }

    [Fact]
    public async Task ReadAsync_Unterminated_IsRefused()
    {
        var (upload, error) = await Read(MetaPart + "--edge-boundary\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\nPNG");

        Assert.Null(upload);
        Assert.StartsWith("the multipart body is malformed", error);
    }
}
