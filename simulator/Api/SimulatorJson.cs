using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace EdgeGateway.Simulator.Api;

/// <summary>WeChat Pay writes Chinese text as raw UTF-8, not \u escapes; so does the simulator.</summary>
internal static class SimulatorJson
{
    public static readonly JsonSerializerOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Write(JsonNode node) => node.ToJsonString(Options);

    /// <summary>The text of a string member; null when absent or of another type (a cast would throw, and WeChat Pay answers PARAM_ERROR).</summary>
    public static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}
