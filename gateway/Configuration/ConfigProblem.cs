namespace EdgeGateway.Configuration;

/// <summary>One configuration problem: the file, what in it (route/policy), and what is wrong and what to do.</summary>
public sealed record ConfigProblem(string File, string Subject, string Message)
{
    public override string ToString() => $"{File}: {Subject}: {Message}";
}
