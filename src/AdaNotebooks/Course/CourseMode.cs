namespace AdaNotebooks.Course;

/// <summary>How long the course's notebooks run, said out loud in every notebook's first cell as
/// <c>mode: quick</c>, <c>mode: interactive</c> or <c>mode: full</c>:
/// <list type="bullet">
/// <item>quick: the test suite; seconds per notebook, only shows that the machinery works; its outputs are never
/// committed;</item>
/// <item>interactive: a person running a notebook (the default); each notebook top to bottom in at most 5 minutes
/// on two CPU cores;</item>
/// <item>full: the bench/ studies, whose committed results the notebooks read.</item>
/// </list>
/// Resolved once per process from the environment: ADA_QUICK=1 means quick (the test suite's switch; it wins), else
/// ADA_MODE=quick|interactive|full, else interactive.</summary>
public sealed record CourseMode
{
    public static readonly CourseMode Quick = new("quick");
    public static readonly CourseMode Interactive = new("interactive");
    public static readonly CourseMode Full = new("full");

    static readonly Lazy<CourseMode> FromProcess = new(() => FromEnvironment(Environment.GetEnvironmentVariable));

    /// <summary>quick, interactive or full.</summary>
    public string Name { get; }

    CourseMode(string name) => Name = name;

    /// <summary>This process's mode, read from the environment the first time it is asked for.</summary>
    public static CourseMode Current => FromProcess.Value;

    /// <summary>The mode the given environment asks for.</summary>
    public static CourseMode FromEnvironment(Func<string, string?> variable)
    {
        var quick = variable("ADA_QUICK")?.Trim() ?? "";
        if (quick is not ("" or "0" or "1"))
            throw new ArgumentException($"ADA_QUICK={quick}: expected 1 (quick mode) or 0");
        if (quick == "1") return Quick;
        var mode = variable("ADA_MODE")?.Trim().ToLowerInvariant() ?? "";
        return mode switch
        {
            "" or "interactive" => Interactive,
            "quick" => Quick,
            "full" => Full,
            _ => throw new ArgumentException($"ADA_MODE={mode}: expected quick, interactive or full"),
        };
    }

    public bool IsQuick => this == Quick;

    /// <summary>The value for this mode.</summary>
    public T Pick<T>(T quick, T interactive, T full) => IsQuick ? quick : this == Full ? full : interactive;

    /// <summary>The value for this mode; full mode takes the interactive one.</summary>
    public T Pick<T>(T quick, T interactive) => Pick(quick, interactive, interactive);

    /// <summary>The line every notebook prints first: "mode: interactive".</summary>
    public override string ToString() => $"mode: {Name}";
}
