using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace EdgeGateway.Simulator.Api;

/// <summary>WeChat Pay writes Chinese text as raw UTF-8, not \u escapes; so does the simulator.</summary>
internal static class SimulatorJson
{
    public static readonly JsonSerializerOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Write(JsonNode node) => node.ToJsonString(Options);
}
