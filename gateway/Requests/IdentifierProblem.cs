using System.Text.Json;

namespace EdgeGateway.Requests;

/// <summary>
/// Why an identifier of a request has no single reading, or cannot key the duplicate-payment guard: the field, a
/// reason for metrics (<c>missing</c>, <c>not_a_string</c>, <c>malformed</c>, <c>repeated</c>, <c>conflicting</c>,
/// <c>partner_field</c>) and a message for the caller that says what to send instead.
/// </summary>
public sealed record IdentifierProblem(string Field, string Reason, string Message)
{
    public static IdentifierProblem Missing(string field, string why) =>
        new(field, "missing", $"The request has no {field}; {why}. Send it as a JSON string.");

    public static IdentifierProblem NotAString(string field, JsonValueKind kind) =>
        new(field, "not_a_string", $"{field} is a JSON {kind.ToString().ToLowerInvariant()}; WeChat Pay takes it as a string. Send \"{field}\":\"…\".");

    public static IdentifierProblem Malformed(string field, string why) =>
        new(field, "malformed", $"{field} is not valid: {why}.");

    public static IdentifierProblem Repeated(string field) =>
        new(field, "repeated", $"{field} appears more than once in the query; name it once.");

    public static IdentifierProblem Conflicting(string field, string first, string second) =>
        new(field, "conflicting", $"{field} differs between {first} and {second}; a request names one {field}, the same wherever it appears.");

    public static IdentifierProblem PartnerField(string field) =>
        new(field, "partner_field", $"{field} is a partner (服务商) field, and this is a direct-merchant route; send partner requests to the partner route (/v3/pay/partner/…), or leave {field} out.");
}
