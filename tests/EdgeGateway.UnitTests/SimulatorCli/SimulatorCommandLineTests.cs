using EdgeGateway.Simulator;

namespace EdgeGateway.UnitTests.SimulatorCli;

/// <summary>The simulator's command line: paths against the start directory, every mistake a message.</summary>
public sealed class SimulatorCommandLineTests
{
    private static readonly string Start = Path.Combine(Path.GetTempPath(), "start-here");

    [Fact]
    public void Parse_NoArguments_DefaultsUnderTheStartDirectory()
    {
        var (options, error) = SimulatorCommandLine.Parse([], Start);

        Assert.Null(error);
        Assert.Equal(new SimulatorCommandLine("http://127.0.0.1:5099", Path.Combine(Start, ".sandbox"), null), options);
    }

    [Fact]
    public void Parse_RelativeAndAbsolutePaths_RelativeOnesResolveAgainstTheStartDirectory()
    {
        var absolute = Path.Combine(Path.GetTempPath(), "elsewhere", "journal.jsonl");

        var (options, _) = SimulatorCommandLine.Parse(["--keys", "../keys", "--journal", absolute, "--urls", "http://127.0.0.1:0"], Start);

        Assert.Equal(Path.Combine(Path.GetTempPath(), "keys"), options!.KeysDirectory);
        Assert.Equal(absolute, options.JournalPath);
        Assert.Equal("http://127.0.0.1:0", options.Url);
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    public void Parse_Help_NeitherOptionsNorError(string flag)
    {
        Assert.Equal((null, null), SimulatorCommandLine.Parse(["--keys", "x", flag], Start));
    }

    [Theory]
    [InlineData(new[] { "--key", "x" }, "unknown option '--key'")]
    [InlineData(new[] { "keys" }, "unknown option 'keys'")]
    [InlineData(new[] { "--keys" }, "option '--keys' needs a value")]
    [InlineData(new[] { "--journal", "--keys", "x" }, "option '--journal' needs a value")]
    public void Parse_Mistake_SaysWhat(string[] args, string expected)
    {
        Assert.Equal((null, expected), SimulatorCommandLine.Parse(args, Start));
    }
}
