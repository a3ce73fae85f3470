namespace EdgeGateway.Transforms.WeChatPay;

/// <summary>The ways a JSON body can mean different things to different parsers (<see cref="StrictJson"/>).</summary>
public enum JsonAmbiguityKind
{
    /// <summary>The body starts with a UTF-8 byte order mark.</summary>
    ByteOrderMark,

    /// <summary>The bytes are not UTF-8.</summary>
    InvalidUtf8,

    /// <summary>A string or member name is an escape that decodes to a lone surrogate.</summary>
    LoneSurrogate,

    /// <summary>One object has the same member name twice.</summary>
    DuplicateMember,

    /// <summary>A number overflows an IEEE-754 double.</summary>
    NumberOutOfRange,
}
