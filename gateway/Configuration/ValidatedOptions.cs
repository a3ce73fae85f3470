using Microsoft.Extensions.Options;

namespace EdgeGateway.Configuration;

/// <summary>
/// Host settings bound to an options type whose rules are its attributes (<see cref="SettingRangeAttribute"/>) and,
/// for rules between two keys, its <see cref="System.ComponentModel.DataAnnotations.IValidatableObject.Validate"/>,
/// checked by the validator the options source generator writes from them (<c>[OptionsValidator]</c>).
/// </summary>
internal static class ValidatedOptions
{
    /// <summary>
    /// Binds <paramref name="sectionName"/> to <typeparamref name="TOptions"/>, validated by <typeparamref name="TValidator"/>
    /// whenever the options are created and on start. The same validator checks the bound values now, while the host
    /// is assembled, and its problems join <see cref="StartupProblems"/>: they are listed with every other
    /// configuration problem, not thrown one options type at a time. Returns the bound values when they are valid, for
    /// settings applied while the host is assembled; null when not (the start stops with the problems listed, and
    /// until then nothing should apply them).
    /// </summary>
    public static TOptions? AddValidatedOptions<TOptions, TValidator>(this WebApplicationBuilder builder, string sectionName)
        where TOptions : class, new()
        where TValidator : class, IValidateOptions<TOptions>, new()
    {
        var section = builder.Configuration.GetSection(sectionName);
        var options = section.Get<TOptions>() ?? new TOptions();
        var validator = new TValidator();
        var result = validator.Validate(Options.DefaultName, options);
        StartupProblems.For(builder).AddErrors(result.Failures ?? []);
        builder.Services.AddSingleton<IValidateOptions<TOptions>>(validator);
        builder.Services.AddOptions<TOptions>().Bind(section).ValidateOnStart();
        return result.Failed ? null : options;
    }
}
