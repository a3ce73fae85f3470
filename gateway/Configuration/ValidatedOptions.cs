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
    /// Binds <paramref name="sectionName"/> to <typeparamref name="TOptions"/> and checks the bound values with
    /// <typeparamref name="TValidator"/> now, while the host is assembled; its problems join <see cref="StartupProblems"/>,
    /// so they are listed with every other configuration problem (exit code 2 at start, and by <c>validate</c>), not
    /// thrown one options type at a time. The validator is deliberately not registered with the options system
    /// (no <c>IValidateOptions</c>, no <c>ValidateOnStart</c>): appsettings.json reloads while running, and a registered
    /// validator would make every later read of these options throw after an edit that breaks a rule, taking the
    /// callback worker or the passive health check down with it. The start report is the gate. Returns the bound values when they are valid, for
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
        builder.Services.AddOptions<TOptions>().Bind(section);
        return result.Failed ? null : options;
    }
}
