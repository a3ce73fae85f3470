using EdgeGateway.LoadTests.Commands;

// dotnet run -c Release --project loadtests -- <command> [options]; `--help` lists the commands, `<command> --help`
// a command's options (loadtests/README.md).
using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

// A runner stopped by SIGTERM (timeout, kill) still ends its run and kills the processes it started.
using var terminate = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    cancel.Cancel();
});

try
{
    return await RunnerCommandLine.InvokeAsync(args, RunnerCommandLine.ExecuteAsync, Console.Out, Console.Error, cancel.Token);
}
catch (OperationCanceledException) when (cancel.IsCancellationRequested)
{
    Console.Error.WriteLine("Stopped before the end: no figures were written; the processes this run started are gone.");
    return 130;
}
