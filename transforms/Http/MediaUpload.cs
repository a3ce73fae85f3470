using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace EdgeGateway.Transforms.Http;

/// <summary>
/// A media upload (PROTOCOL.md §1.5): <c>multipart/form-data</c> with exactly one part named <c>meta</c> (the JSON
/// that is signed, byte for byte) and exactly one named <c>file</c>. Read with ASP.NET Core's
/// <see cref="MultipartReader"/>, so boundaries count only at the start of a line, and held to more than that:
/// the body starts with its first boundary (no preamble, where a second parser might find another <c>meta</c>),
/// every part is <c>form-data</c> with a name that is exactly <c>meta</c> or <c>file</c>, each once, and nothing
/// else. What the gateway signs is then the <c>meta</c> WeChat Pay verifies.
/// </summary>
public sealed record MediaUpload(byte[] Meta, byte[] File, string? FileName)
{
    /// <summary>The longest boundary RFC 2046 allows.</summary>
    private const int MaxBoundaryLength = 70;

    public const string MetaPart = "meta";
    public const string FilePart = "file";

    /// <summary>True when the media type of <paramref name="contentType"/> is <c>multipart/form-data</c>.</summary>
    public static bool IsMultipart(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var parsed) && parsed.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase);

    /// <summary>Parses <paramref name="body"/>; the upload, or null with a message saying what is wrong.</summary>
    public static async Task<(MediaUpload? Upload, string? Error)> ReadAsync(string? contentType, ReadOnlyMemory<byte> body, CancellationToken cancellationToken = default)
    {
        if (!MediaTypeHeaderValue.TryParse(contentType, out var mediaType) || !mediaType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            return (null, "the body is not multipart/form-data");
        }

        var boundary = HeaderUtilities.RemoveQuotes(mediaType.Boundary).Value;
        if (string.IsNullOrEmpty(boundary) || boundary.Length > MaxBoundaryLength)
        {
            return (null, $"a multipart/form-data body needs a boundary parameter of 1 to {MaxBoundaryLength} characters in Content-Type");
        }

        if (!body.Span.StartsWith(Encoding.ASCII.GetBytes("--" + boundary + "\r\n")))
        {
            return (null, "the multipart body must start with its boundary line (no preamble)");
        }

        byte[]? meta = null, file = null;
        string? fileName = null;
        using var stream = System.Runtime.InteropServices.MemoryMarshal.TryGetArray(body, out var segment)
            ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(body.ToArray(), writable: false); // the buffered body is an array: no copy in practice
        var reader = new MultipartReader(boundary, stream);
        try
        {
            while (await reader.ReadNextSectionAsync(cancellationToken) is { } section)
            {
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition) || !disposition.DispositionType.Equals("form-data", StringComparison.OrdinalIgnoreCase))
                {
                    return (null, "every multipart part needs Content-Disposition: form-data with a name");
                }

                var name = HeaderUtilities.RemoveQuotes(disposition.Name).Value;
                var content = await ReadAllAsync(section.Body, cancellationToken);
                switch (name)
                {
                    case MetaPart when meta is null:
                        meta = content;
                        break;
                    case FilePart when file is null:
                        file = content;
                        fileName = HeaderUtilities.RemoveQuotes(disposition.FileName).Value;
                        break;
                    case MetaPart or FilePart:
                        return (null, $"the multipart body has more than one part named \"{name}\"; send exactly one \"meta\" and one \"file\"");
                    default:
                        return (null, "the multipart body has a part not named \"meta\" or \"file\"; send exactly one of each and nothing else");
                }
            }
        }
        catch (IOException ex)
        {
            return (null, "the multipart body is malformed: " + ex.Message);
        }
        catch (InvalidDataException ex)
        {
            return (null, "the multipart body is malformed: " + ex.Message);
        }

        if (meta is null)
        {
            return (null, "the multipart body has no part named \"meta\"");
        }

        return file is null ? (null, "the multipart body has no part named \"file\"") : (new MediaUpload(meta, file, fileName), null);
    }

    private static async Task<byte[]> ReadAllAsync(Stream part, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await part.CopyToAsync(buffer, cancellationToken);
        return buffer.ToArray();
    }
}
