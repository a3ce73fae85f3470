using EdgeGateway.Configuration;
using EdgeGateway.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace EdgeGateway.UnitTests.Hosting;

/// <summary>EdgeGateway:ShutdownTimeout becomes the host's shutdown timeout; values that cannot drain are refused.</summary>
public sealed class GracefulShutdownOptionsTests
{
    [Fact]
    public void ShutdownTimeout_Default_Is30Seconds()
    {
        var (problems, host) = Build();

        Assert.Empty(problems);
        Assert.Equal(TimeSpan.FromSeconds(30), host.ShutdownTimeout);
    }

    [Fact]
    public void ShutdownTimeout_Configured_SetsTheHostsTimeout()
    {
        var (problems, host) = Build(("EdgeGateway:ShutdownTimeout", "00:00:12"));

        Assert.Empty(problems);
        Assert.Equal(TimeSpan.FromSeconds(12), host.ShutdownTimeout);
    }

    [Theory]
    [InlineData("00:00:00", "EdgeGateway:ShutdownTimeout is 00:00:00; use 00:00:01 to 00:10:00 (how long requests in flight may finish on shutdown).")]
    [InlineData("soon", "EdgeGateway:ShutdownTimeout is 'soon'; write a duration such as \"00:00:30\".")]
    public void ShutdownTimeout_OutOfRange_IsReported(string value, string message)
    {
        var (problems, _) = Build(("EdgeGateway:ShutdownTimeout", value));

        Assert.Equal([message], problems);
    }

    [Fact]
    public void ShutdownTimeout_NotLongerThanCallbackGrace_IsReported()
    {
        var (problems, _) = Build(("EdgeGateway:ShutdownTimeout", "00:00:05"), ("EdgeGateway:Callbacks:ShutdownGrace", "00:00:05"));

        Assert.Equal(["EdgeGateway:Callbacks:ShutdownGrace (00:00:05) must be shorter than EdgeGateway:ShutdownTimeout (00:00:05), or the host would stop before deliveries in flight could finish or be handed back."], problems);
    }

    private static (IReadOnlyList<string> Problems, HostOptions Host) Build(params (string Key, string Value)[] settings)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.Configuration.AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)));
        builder.AddGracefulShutdown();
        var problems = StartupProblems.For(builder).Errors;
        using var services = builder.Services.BuildServiceProvider();
        return (problems, services.GetRequiredService<IOptions<HostOptions>>().Value);
    }
}
