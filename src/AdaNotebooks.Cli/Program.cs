using System.CommandLine;
using AdaNotebooks.Native;

namespace AdaNotebooks.Cli;

/// <summary>The `ada` command: every verb is a small file under Commands/.</summary>
public static class Program
{
    public static int Main(string[] args) => Run(args);

    /// <summary>Parses and runs one command line. Returns 0 on success; on bad input prints one line
    /// ("error: ...") to standard error and returns a non-zero code.</summary>
    public static int Run(string[] args)
    {
        try
        {
            TorchNative.Ensure();
            var root = new RootCommand("AdaNotebooks: GANs on limited data with adaptive discriminator augmentation " +
                                       "(ADA).");
            root.Subcommands.Add(DoctorCommand.Create());
            root.Subcommands.Add(AugmentCommand.Create());
            root.Subcommands.Add(BenchCommand.Create());
            root.Subcommands.Add(DatasetCommand.Create());
            root.Subcommands.Add(TrainCommand.Create());
            root.Subcommands.Add(ImportCommand.Create());
            root.Subcommands.Add(ExportCommand.Create());
            root.Subcommands.Add(GenerateCommand.Create());
            root.Subcommands.Add(ScoreCommand.Create());
            root.Subcommands.Add(MetricsCommand.Create());
            root.Subcommands.Add(ExperimentCommand.Create());
            BenchNetworksCommand.AddTo(root);
            var parse = root.Parse(args);
            return parse.Invoke();
        }
        catch (Exception e)
        {
            return CliErrors.Report(e);
        }
    }
}
