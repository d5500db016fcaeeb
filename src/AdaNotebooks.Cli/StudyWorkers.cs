using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using AdaNotebooks.Experiments;

namespace AdaNotebooks.Cli;

/// <summary>`ada experiment ... --jobs`: a study's cells trained side by side, each by a worker process (this
/// program started again with the same options and the hidden --cell NAME).</summary>
static class StudyWorkers
{
    public static Option<string> Jobs() => new("--jobs")
    {
        DefaultValueFactory = _ => "auto",
        Description = "Cells trained at once, each in its own process: a number, or auto = one per core, each on " +
                      "one thread (two one-thread runs outpace one two-thread run on a small CPU); 1 trains them " +
                      "one after another in this process",
    };

    public static Option<string?> Cell() => new("--cell")
    {
        Hidden = true,
        Description = "Run only this cell of the study and write its result to cells/NAME.json (a worker)",
    };

    /// <summary>How the cells run: a worker's one cell, here one after another, or side by side.</summary>
    public static StudyExecution Resolve(ParseResult r, Option<string> jobs, Option<string?> cell,
        Option<int?> threads)
    {
        if (r.GetValue(cell) is { } name) return new StudyExecution { Cell = name };
        int cores = Environment.ProcessorCount;
        var text = r.GetValue(jobs)!;
        int n = text == "auto"
            ? Math.Max(1, cores / (r.GetValue(threads) ?? 1))
            : int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var j) && j >= 1
                ? j
                : throw new UserError($"--jobs {text}: expected auto or a whole number >= 1");
        if (n == 1) return StudyExecution.Here;
        int perWorker = r.GetValue(threads) ?? Math.Max(1, cores / n);
        return StudyExecution.SideBySide(n, c => Launch(c, perWorker));
    }

    /// <summary>Worker starts per cell: a worker that fails is started once more, and continues from the cell's last
    /// snapshot (resuming is exact), so one crash does not cost a study its night. (Runs used to abort at random,
    /// "Expected false to be true", from a TorchSharp Scalar freed under libtorch: see FinalizerFence.)</summary>
    const int Attempts = 2;

    /// <summary>Starts this program again for one cell and waits for it; once more if it fails.</summary>
    static void Launch(StudyCell cell, int threads)
    {
        for (int attempt = 1; ; attempt++)
        {
            int code = RunWorker(cell, threads);
            if (code == 0) return;
            if (attempt == Attempts)
                throw new UserError($"cell {cell.Name}: its worker exited with code {code} ({Attempts} times; its " +
                                    "output is above; run the study again to continue from the cells' snapshots)");
            Console.Error.WriteLine($"cell {cell.Name}: its worker exited with code {code}; starting it again, from " +
                                    "the cell's last snapshot");
        }
    }

    /// <summary>Starts this program again for one cell; returns its exit code.</summary>
    static int RunWorker(StudyCell cell, int threads)
    {
        var own = Environment.GetCommandLineArgs();
        var program = Environment.ProcessPath ?? throw new UserError("cannot find this program to start a worker");
        var arguments = new List<string>();
        if (Path.GetFileNameWithoutExtension(program) == "dotnet") arguments.Add(own[0]);   // dotnet ada.dll ...
        arguments.AddRange(Without(own.Skip(1).ToList(), "--threads", "--jobs", "--cell"));
        arguments.AddRange(["--cell", cell.Name, "--threads", threads.ToString(CultureInfo.InvariantCulture),
            "--jobs", "1"]);
        using var worker = Process.Start(new ProcessStartInfo(program, arguments) { UseShellExecute = false })
                           ?? throw new UserError($"cell {cell.Name}: could not start {program}");
        worker.WaitForExit();
        return worker.ExitCode;
    }

    /// <summary>The arguments without the named options and their values ("--x v", "--x=v", "--x:v").</summary>
    static IEnumerable<string> Without(List<string> args, params string[] names)
    {
        for (int i = 0; i < args.Count; i++)
        {
            var a = args[i];
            if (names.Contains(a))
            {
                i++;
                continue;
            }
            if (names.Any(n => a.StartsWith(n + "=", StringComparison.Ordinal) ||
                               a.StartsWith(n + ":", StringComparison.Ordinal))) continue;
            yield return a;
        }
    }
}
