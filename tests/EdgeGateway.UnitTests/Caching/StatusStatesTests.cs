using System.Text;
using EdgeGateway.Caching;

namespace EdgeGateway.UnitTests.Caching;

public sealed class StatusStatesTests
{
    [Theory]
    [InlineData("OutTradeNo", "SUCCESS", true)]
    [InlineData("OutTradeNo", "CLOSED", true)]
    [InlineData("OutTradeNo", "REFUND", true)]
    [InlineData("OutTradeNo", "PAYERROR", true)]
    [InlineData("TransactionId", "REVOKED", true)]
    [InlineData("OutTradeNo", "NOTPAY", false)]
    [InlineData("OutTradeNo", "USERPAYING", false)]
    [InlineData("OutTradeNo", "ABNORMAL", false)]
    [InlineData("OutTradeNo", "SOMETHING_NEW", false)]
    [InlineData("OutRefundNo", "SUCCESS", true)]
    [InlineData("OutRefundNo", "CLOSED", true)]
    [InlineData("OutRefundNo", "ABNORMAL", true)]
    [InlineData("OutRefundNo", "PROCESSING", false)]
    [InlineData("OutRefundNo", "REFUND", false)]
    public void IsFinal_ByKindAndState(string kind, string state, bool final) => Assert.Equal(final, StatusStates.IsFinal(Enum.Parse<StatusKind>(kind), state));

    [Fact]
    public void IsFinal_WithoutState_IsNot() => Assert.False(StatusStates.IsFinal(StatusKind.OutTradeNo, null));

    [Theory]
    [InlineData("OutTradeNo", """{"trade_state":"SUCCESS","status":"X"}""", "SUCCESS")]
    [InlineData("OutRefundNo", """{"trade_state":"X","status":"PROCESSING"}""", "PROCESSING")]
    [InlineData("OutTradeNo", """{"trade_state":1}""", null)]
    [InlineData("OutTradeNo", """{}""", null)]
    [InlineData("OutTradeNo", """not json""", null)]
    [InlineData("OutTradeNo", """["SUCCESS"]""", null)]
    public void Read_TakesTheKindsStateField(string kind, string body, string? state) =>
        Assert.Equal(state, StatusStates.Read(Enum.Parse<StatusKind>(kind), Encoding.UTF8.GetBytes(body)));
}
