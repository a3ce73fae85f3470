namespace EdgeGateway.Requests;

/// <summary>What a route's request bodies are (route <c>Metadata.Body</c>); anything else is refused with 415.</summary>
public enum RequestBodyKind
{
    /// <summary><c>application/json</c>: every API route but uploads.</summary>
    Json,

    /// <summary><c>multipart/form-data</c> with a <c>meta</c> JSON part and a <c>file</c> part: media uploads (PROTOCOL.md §1.5).</summary>
    Multipart,
}
