namespace EdgeGateway.Transforms.WeChatPay;

/// <summary>
/// Where a sensitive request field sits in a JSON body (PROTOCOL.md §5, §11.5): member names joined by dots, a
/// trailing <c>[]</c> meaning "each element of this array", e.g. <c>user_name</c> or <c>receivers[].name</c>.
/// </summary>
public sealed record SensitiveFieldPath(string Text, IReadOnlyList<SensitiveFieldStep> Steps)
{
    /// <summary>
    /// Parses a comma-separated list (<c>Metadata.SensitiveFields</c>); <paramref name="error"/> names the first entry
    /// that is not a path (empty list and null error when the text is fine).
    /// </summary>
    public static IReadOnlyList<SensitiveFieldPath> ParseList(string text, out string? error)
    {
        error = null;
        var paths = new List<SensitiveFieldPath>();
        foreach (var entry in text.Split(',', StringSplitOptions.TrimEntries))
        {
            if (TryParse(entry) is { } path)
            {
                paths.Add(path);
            }
            else
            {
                error = $"'{entry}' is not a field path: write member names of letters, digits and _, joined by '.', with '[]' after an array (e.g. user_name, receivers[].name)";
                return [];
            }
        }

        if (paths.Select(p => p.Text).Distinct(StringComparer.Ordinal).Count() != paths.Count)
        {
            error = "a field is listed twice";
            return [];
        }

        return paths;
    }

    private static SensitiveFieldPath? TryParse(string text)
    {
        if (text.Length == 0)
        {
            return null;
        }

        var steps = new List<SensitiveFieldStep>();
        var parts = text.Split('.');
        for (var i = 0; i < parts.Length; i++)
        {
            var part = parts[i];
            var each = part.EndsWith("[]", StringComparison.Ordinal);
            var name = each ? part[..^2] : part;
            // The last step names the string itself: an array there has nothing to encrypt.
            if (name.Length == 0 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_') || (each && i == parts.Length - 1))
            {
                return null;
            }

            steps.Add(new SensitiveFieldStep(name, each));
        }

        return new SensitiveFieldPath(text, steps);
    }
}
