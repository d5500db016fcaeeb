using System.Runtime.InteropServices;

namespace AdaNotebooks.Cli;

/// <summary>Bad input is a user error: a one-line reason on standard error and exit code 1 (2 for internal
/// faults).</summary>
public sealed class UserError(string message) : Exception(message);

public static class CliErrors
{
    public static int Report(Exception e)
    {
        var inner = e is AggregateException { InnerExceptions.Count: 1 } agg ? agg.InnerException! : e;
        var message = inner switch
        {
            UserError or ArgumentException or FileNotFoundException or DirectoryNotFoundException
                or InvalidDataException or FormatException => inner.Message,
            ExternalException => "libtorch: " + inner.Message.Split('\n')[0],
            _ => $"{inner.GetType().Name}: {inner.Message}",
        };
        Console.Error.WriteLine("error: " + message.ReplaceLineEndings(" ").Trim());
        bool userError = inner is UserError or ArgumentException or FileNotFoundException
            or DirectoryNotFoundException or InvalidDataException or FormatException;
        // An internal fault's stack, for a report: ADA_TRACE=1 (study workers inherit it).
        if (!userError && Environment.GetEnvironmentVariable("ADA_TRACE") == "1") Console.Error.WriteLine(inner);
        return userError ? 1 : 2;
    }

    /// <summary>Wraps a command body so that its failures become one-line errors.</summary>
    public static int Guard(Func<int> body)
    {
        try { return body(); }
        catch (Exception e) { return Report(e); }
    }
}
