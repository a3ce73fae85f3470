using EdgeGateway.Configuration;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace EdgeGateway.UnitTests.TestSupport;

/// <summary>
/// A section of host settings registered the way the gateway registers it (<see cref="ValidatedOptions.AddValidatedOptions"/>),
/// from key/value pairs relative to the section: the problems listed for the start report, and the options the
/// services would read.
/// </summary>
internal static class HostSettings
{
    public static IReadOnlyList<string> Problems<TOptions, TValidator>(string sectionName, params (string Key, string Value)[] settings)
        where TOptions : class, new()
        where TValidator : class, IValidateOptions<TOptions>, new() =>
        Register<TOptions, TValidator>(sectionName, settings).Problems;

    public static (IReadOnlyList<string> Problems, IServiceProvider Services) Register<TOptions, TValidator>(string sectionName, params (string Key, string Value)[] settings)
        where TOptions : class, new()
        where TValidator : class, IValidateOptions<TOptions>, new()
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.Configuration.AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>($"{sectionName}:{s.Key}", s.Value)));
        builder.AddValidatedOptions<TOptions, TValidator>(sectionName);
        return (StartupProblems.For(builder).Errors, builder.Services.BuildServiceProvider());
    }
}
