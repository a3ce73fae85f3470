using System.Text.Json.Nodes;

namespace EdgeGateway.Simulator.Api;

/// <summary>An authenticated API request handed to an endpoint handler.</summary>
internal sealed record ApiRequest(
    SimulatedMerchant Merchant,
    string Method,
    string Path,
    IReadOnlyDictionary<string, string> Query,
    JsonNode? Json,
    byte[] RawBody,
    string BaseAddress,
    IReadOnlyList<string> RouteValues)
{
    /// <summary>The parts of a media upload (multipart/form-data), when the request is one.</summary>
    public Transforms.Http.MediaUpload? Upload { get; init; }

    /// <summary>The request's Wechatpay-Serial: the key its sensitive fields are encrypted under (PROTOCOL.md §5).</summary>
    public string? Serial { get; init; }
}
