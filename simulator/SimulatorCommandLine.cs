namespace EdgeGateway.Simulator;

/// <summary>
/// The simulator's command line, parsed once. Paths are made absolute against the directory the process was
/// started from, so <c>--keys .sandbox</c> means the same folder whichever way the simulator was launched.
/// </summary>
internal sealed record SimulatorCommandLine(string Url, string KeysDirectory, string? JournalPath)
{
    public const string DefaultUrl = "http://127.0.0.1:5099";

    public const string Usage = """
        WeChat Pay v3 simulator for EdgeGateway (see simulator/README.md)

        Usage: dotnet run --project simulator -- [options]
               dotnet EdgeGateway.Simulator.dll [options]

        Options:
          --urls URL       where to listen (default http://127.0.0.1:5099; port 0 picks a free one)
          --keys DIR       key directory, created with a fresh key set when empty (default ./.sandbox);
                           relative to the directory the simulator is started from
          --journal FILE   append every processed API request to FILE as one JSON line (relative as --keys)
          -h, --help       print this and exit

        Control API (unsigned): /simulator/health, /simulator/faults (GET, PUT, DELETE),
        /simulator/requests (GET, DELETE), /simulator/certificates/rotate (POST),
        /simulator/orders/{mchid}/{out_trade_no}/pay (POST), /simulator/refunds/{mchid}/{out_refund_no}/complete (POST).
        Stops cleanly on Ctrl+C or SIGTERM.
        """;

    /// <summary>The parsed command line, or the reason it is not one (exit code 2), or null options for <c>--help</c>.</summary>
    public static (SimulatorCommandLine? Options, string? Error) Parse(IReadOnlyList<string> args, string workingDirectory)
    {
        string? url = null, keys = null, journal = null;
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            if (name is "-h" or "--help" or "-?")
            {
                return (null, null);
            }

            if (name is not ("--urls" or "--keys" or "--journal"))
            {
                return (null, $"unknown option '{name}'");
            }

            if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                return (null, $"option '{name}' needs a value");
            }

            var value = args[++i];
            switch (name)
            {
                case "--urls":
                    url = value;
                    break;
                case "--keys":
                    keys = value;
                    break;
                default:
                    journal = value;
                    break;
            }
        }

        return (new SimulatorCommandLine(url ?? DefaultUrl, Path.GetFullPath(keys ?? ".sandbox", workingDirectory),
            journal is null ? null : Path.GetFullPath(journal, workingDirectory)), null);
    }
}
