using System.Text;
using System.Text.Json.Nodes;

namespace EdgeGateway.Simulator.Api;

/// <summary>What an endpoint answers; <see cref="Unsigned"/> marks the documented unsigned downloads.</summary>
internal sealed record ApiResult(int Status, byte[] Body, string? ContentType = "application/json", bool Unsigned = false)
{
    /// <summary>The Location of a redirect (only the redirect fault sets one; WeChat Pay v3 never redirects).</summary>
    public string? Location { get; init; }

    public static ApiResult Json(int status, JsonNode body) => new(status, Encoding.UTF8.GetBytes(SimulatorJson.Write(body)));

    public static ApiResult NoContent() => new(204, [], null);

    public static ApiResult Error(int status, string code, string message, JsonNode? detail = null)
    {
        var body = new JsonObject { ["code"] = code, ["message"] = message };
        if (detail is not null)
        {
            body["detail"] = detail;
        }

        return Json(status, body);
    }
}
