using System.IO.Hashing;
using System.Text;

namespace EdgeGateway.Quotas;

/// <summary>
/// The key of a quota: policy, caller and user. The user's value (an openid, a header) is hashed, so keys stay short
/// and carry no end-user identifiers into Redis. The braces are a Redis Cluster hash tag: all windows of one
/// decision land in one slot, as a script requires.
/// </summary>
internal static class QuotaKeys
{
    /// <summary>The user part when the quota has a user dimension but the request names no user.</summary>
    public const string NoUser = "-";

    public static string For(string quota, string caller, string? user)
    {
        var userPart = user is null ? NoUser : Convert.ToHexStringLower(XxHash128.Hash(Encoding.UTF8.GetBytes(user)));
        return $"quota:{{{quota}|{caller}|{userPart}}}";
    }
}
