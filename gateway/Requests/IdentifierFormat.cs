using System.Buffers;

namespace EdgeGateway.Requests;

/// <summary>
/// The forms WeChat Pay documents for the numbers a merchant chooses (PROTOCOL.md §8, §11.1, §11.4): out_trade_no is 6 to 32
/// characters of digits, letters and <c>_-|*</c>; out_refund_no up to 64 of digits, letters and <c>_-|*@</c>;
/// combine_out_trade_no up to 32, out_order_no and out_return_no up to 64 of those; out_bill_no 5 to 32 letters and digits. The
/// duplicate-payment guard keys on these exact strings, so a number outside its form is refused rather than keyed.
/// </summary>
public static class IdentifierFormat
{
    private static readonly SearchValues<char> OutTradeNoCharacters =
        SearchValues.Create("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_-|*");

    private static readonly SearchValues<char> OutRefundNoCharacters =
        SearchValues.Create("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_-|*@");

    /// <summary>
    /// A merchant number as WeChat Pay issues them (digits; letters tolerated), at most 32 characters. Nothing else from
    /// a caller goes into keys: out_trade_no may contain '|', so a separator in a merchant number could make two orders share a key.
    /// </summary>
    public static bool IsMerchantId(string value) => value.Length is > 0 and <= 32 && value.All(char.IsAsciiLetterOrDigit);

    /// <summary>Null when <paramref name="value"/> is a valid <paramref name="field"/> the guard can key on, else the problem.</summary>
    public static IdentifierProblem? Check(string field, string? value)
    {
        if (value is null)
        {
            return IdentifierProblem.Missing(field, "this route's duplicate-payment guard keys on it");
        }

        return field switch
        {
            RequestIdentifiers.OutTradeNoField when value.Length is < 6 or > 32 || value.AsSpan().ContainsAnyExcept(OutTradeNoCharacters) =>
                IdentifierProblem.Malformed(field, "WeChat Pay takes 6 to 32 characters of digits, letters and _-|*"),
            RequestIdentifiers.OutRefundNoField when value.Length is < 1 or > 64 || value.AsSpan().ContainsAnyExcept(OutRefundNoCharacters) =>
                IdentifierProblem.Malformed(field, "WeChat Pay takes 1 to 64 characters of digits, letters and _-|*@"),
            RequestIdentifiers.CombineOutTradeNoField when value.Length is < 1 or > 32 || value.AsSpan().ContainsAnyExcept(OutRefundNoCharacters) =>
                IdentifierProblem.Malformed(field, "WeChat Pay takes 1 to 32 characters of digits, letters and _-|*@"),
            RequestIdentifiers.OutOrderNoField or RequestIdentifiers.OutReturnNoField
                when value.Length is < 1 or > 64 || value.AsSpan().ContainsAnyExcept(OutRefundNoCharacters) =>
                IdentifierProblem.Malformed(field, "WeChat Pay takes 1 to 64 characters of digits, letters and _-|*@"),
            RequestIdentifiers.OutBillNoField when value.Length is < 5 or > 32 || !value.All(char.IsAsciiLetterOrDigit) =>
                IdentifierProblem.Malformed(field, "WeChat Pay takes 5 to 32 ASCII letters or digits"),
            _ => null,
        };
    }
}
