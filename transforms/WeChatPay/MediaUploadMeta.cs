using System.Text;

namespace EdgeGateway.Transforms.WeChatPay;

/// <summary>
/// Media uploads (PROTOCOL.md §1.5) are <c>multipart/form-data</c> with a <c>meta</c> JSON part and a
/// <c>file</c> part; what is signed is the <c>meta</c> JSON, byte for byte. This finds that part in
/// the raw body without any framework types.
/// </summary>
public static class MediaUploadMeta
{
    /// <summary>True when the content type is multipart/form-data (so the meta part is what gets signed).</summary>
    public static bool IsMultipart(string? contentType) =>
        contentType is not null && contentType.StartsWith("multipart/form-data", StringComparison.OrdinalIgnoreCase);

    /// <summary>Extracts the bytes of the part named <c>meta</c>.</summary>
    public static bool TryExtract(string? contentType, ReadOnlySpan<byte> body, out byte[] meta, out string? error)
    {
        meta = [];
        var boundary = Boundary(contentType);
        if (boundary is null)
        {
            error = "a multipart/form-data body needs a boundary parameter in Content-Type";
            return false;
        }

        var delimiter = Encoding.ASCII.GetBytes("--" + boundary);
        var rest = body;
        var start = rest.IndexOf(delimiter);
        if (start < 0)
        {
            error = "the multipart body does not contain its boundary";
            return false;
        }

        rest = rest[(start + delimiter.Length)..];
        while (true)
        {
            if (rest.StartsWith("--"u8))
            {
                break; // closing delimiter
            }

            if (!rest.StartsWith("\r\n"u8))
            {
                error = "a multipart boundary is not followed by CRLF";
                return false;
            }

            rest = rest[2..];
            var headerEnd = rest.IndexOf("\r\n\r\n"u8);
            if (headerEnd < 0)
            {
                error = "a multipart part has no header terminator";
                return false;
            }

            var headers = Encoding.ASCII.GetString(rest[..headerEnd]);
            rest = rest[(headerEnd + 4)..];
            var next = rest.IndexOf(delimiter);
            if (next < 2)
            {
                error = "a multipart part is not closed by the boundary";
                return false;
            }

            var content = rest[..(next - 2)]; // strip the CRLF before the delimiter
            if (IsMetaPart(headers))
            {
                meta = content.ToArray();
                error = null;
                return true;
            }

            rest = rest[(next + delimiter.Length)..];
        }

        error = "the multipart body has no part named \"meta\"";
        return false;
    }

    private static bool IsMetaPart(string headers)
    {
        foreach (var line in headers.Split("\r\n"))
        {
            if (line.StartsWith("Content-Disposition:", StringComparison.OrdinalIgnoreCase)
                && (line.Contains("name=\"meta\"", StringComparison.Ordinal) || line.Contains("name=meta;", StringComparison.Ordinal)
                    || line.EndsWith("name=meta", StringComparison.Ordinal)))
            {
                return true;
            }
        }

        return false;
    }

    private static string? Boundary(string? contentType)
    {
        if (!IsMultipart(contentType))
        {
            return null;
        }

        foreach (var parameter in contentType!.Split(';'))
        {
            var trimmed = parameter.Trim();
            if (trimmed.StartsWith("boundary=", StringComparison.OrdinalIgnoreCase))
            {
                var value = trimmed["boundary=".Length..].Trim('"');
                return value.Length is > 0 and <= 70 ? value : null;
            }
        }

        return null;
    }
}
