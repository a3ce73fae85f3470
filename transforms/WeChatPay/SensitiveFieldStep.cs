namespace EdgeGateway.Transforms.WeChatPay;

/// <summary>One member name of a <see cref="SensitiveFieldPath"/>; <see cref="EachElement"/> when the member is an array whose elements continue the path.</summary>
public sealed record SensitiveFieldStep(string Name, bool EachElement);
