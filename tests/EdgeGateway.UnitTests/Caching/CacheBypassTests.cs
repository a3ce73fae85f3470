using EdgeGateway.Caching;
using Microsoft.AspNetCore.Http;

namespace EdgeGateway.UnitTests.Caching;

public sealed class CacheBypassTests
{
    [Theory]
    [InlineData("no-cache", null, true)]
    [InlineData("No-Cache", null, true)]
    [InlineData("max-age=0", null, true)]
    [InlineData("no-cache, no-store", null, true)]
    [InlineData("max-age=60", null, false)]
    [InlineData("no-store", null, false)]
    [InlineData(null, "no-cache", true)]
    [InlineData("max-age=60", "no-cache", false)]
    [InlineData(null, null, false)]
    public void IsRequested(string? cacheControl, string? pragma, bool bypass)
    {
        var context = new DefaultHttpContext();
        if (cacheControl is not null)
        {
            context.Request.Headers.CacheControl = cacheControl;
        }

        if (pragma is not null)
        {
            context.Request.Headers.Pragma = pragma;
        }

        Assert.Equal(bypass, CacheBypass.IsRequested(context.Request));
    }
}
