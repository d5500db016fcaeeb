namespace AdaNotebooks.Experiments;

/// <summary>Where a study's cells run. By default one after another in this process. A study can instead hand
/// each cell to a worker (`ada experiment` starts itself again with --cell NAME) and keep <see cref="Jobs"/> of
/// them running side by side: on a small CPU two one-thread runs train more images per second together than one
/// run on two threads, because a step's many small ops then never wait for each other's threads (two one-thread
/// `small` runs side by side: wall 0.52 against the two one after the other on two threads). A worker runs its
/// one cell, writes the result to cells/NAME.json under the study's folder and leaves the study's own files
/// (results.json, reports) to the process that started it.</summary>
public sealed record StudyExecution
{
    /// <summary>Every cell here, one after another.</summary>
    public static StudyExecution Here { get; } = new();

    /// <summary>Set in a worker: the one cell to run.</summary>
    public string? Cell { get; init; }

    /// <summary>Cells running at once when <see cref="Launch"/> is set.</summary>
    public int Jobs { get; init; } = 1;

    /// <summary>Runs one cell in a worker and returns when the worker has exited (throwing when it failed).</summary>
    public Action<StudyCell>? Launch { get; init; }

    /// <summary>Whether this process is a worker.</summary>
    public bool IsWorker => Cell is not null;

    /// <summary>Workers running side by side.</summary>
    public static StudyExecution SideBySide(int jobs, Action<StudyCell> launch)
    {
        if (jobs < 1) throw new ArgumentException($"jobs {jobs}: expected at least 1");
        return new StudyExecution { Jobs = jobs, Launch = launch };
    }

    /// <summary>The worker's result file for a cell: cells/NAME.json under the study's folder.</summary>
    public static string ResultFile(string directory, string cell) =>
        Path.Combine(directory, "cells", cell + ".json");
}
