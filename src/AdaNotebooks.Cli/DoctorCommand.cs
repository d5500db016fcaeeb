using System.CommandLine;
using System.Reflection;
using AdaNotebooks.Native;
using TorchSharp;
using static TorchSharp.torch;

namespace AdaNotebooks.Cli;

/// <summary>`ada doctor`: is this machine ready? Versions, threads, CUDA, the native fix, and a small
/// computation with a backward pass, and a float32 convolution against float64.</summary>
public static class DoctorCommand
{
    public static Command Create()
    {
        var command = new Command("doctor", "Check that TorchSharp works here: versions, threads, CUDA, native fix, " +
                                            "a small computation.");
        command.SetAction(_ => CliErrors.Guard(Run));
        return command;
    }

    static int Run()
    {
        var report = TorchNative.Ensure();
        var ada = typeof(TorchNative).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()
            ?.InformationalVersion ?? "?";
        Console.WriteLine($"AdaNotebooks       {ada}");
        Console.WriteLine($"TorchSharp         {TorchNative.TorchSharpVersion}");
        var libtorch = report.PreloadedFiles.FirstOrDefault(f => Path.GetFileName(f) == "libtorch_cpu.so");
        Console.WriteLine($"libtorch           {torch.__version__}" +
                          (libtorch is null ? "" : $" ({Path.GetDirectoryName(libtorch)})"));
        Console.WriteLine($".NET               {Environment.Version} on " +
                          $"{System.Runtime.InteropServices.RuntimeInformation.OSDescription}");
        Console.WriteLine($"threads            {torch.get_num_threads()} (cores: {Environment.ProcessorCount})");
        Console.WriteLine("CUDA available     " +
                          $"{(torch.cuda.is_available() ? $"yes ({torch.cuda.device_count()} device(s))" : "no")}");
        Console.WriteLine($"device             {TorchNative.DefaultDevice.type}");
        Console.WriteLine($"libstdc++ has {TorchNative.RequiredVersion}: " +
                          (report.SystemHasRequiredLibstdcxx ? "yes (no fix needed)" : "no (requirement marked weak)"));
        foreach (var f in report.CheckedFiles)
        {
            var need = ElfVersionNeeds.Read(f).FirstOrDefault(n => n.Version == TorchNative.RequiredVersion);
            var state = need is null ? "no such requirement" : need.IsWeak ? "weak" : "strong";
            Console.WriteLine($"  {f}: {state}{(report.PatchedFiles.Contains(f) ? " (patched now)" : "")}");
        }

        Console.WriteLine($"oneDNN (mkldnn)    {TorchNative.OneDnn?.Note ?? "not touched (not Linux)"}");
        Console.WriteLine($"native heap        {HeapSettings.State}");
        Console.WriteLine($"precision auto     {ReducedPrecisionCheck.Auto.Note}");

        using var scope = NewDisposeScope();
        var x = tensor(new float[] { 1, 2, 3, 4 }, [2, 2]).requires_grad_(true);
        var y = x.matmul(x).sum();
        y.backward();
        Console.WriteLine($"check              sum(x @ x) for x = [[1,2],[3,4]] = {y.item<float>()} (expected 54)");
        Console.WriteLine($"                   d/dx = [{string.Join(", ", x.grad!.data<float>().ToArray())}] " +
                          "(expected [7, 11, 9, 13])");
        bool ok = y.item<float>() == 54f && x.grad!.data<float>().ToArray().SequenceEqual([7f, 11f, 9f, 13f]);
        // A shape oneDNN's float32 convolution got wrong on some CPUs (an odd channel count, batch 2).
        var convError = ConvolutionCheck.ForwardError(2, 17, 8, seed: 1);
        Console.WriteLine(
            $"                   float32 conv2d [2, 17, 8, 8] vs float64: relative error {convError:E1} " +
            "(expected < 1e-4)");
        ok &= convError <= ConvolutionCheck.Tolerance;
        Console.WriteLine(ok ? "status             ok" : "status             WRONG RESULT");
        return ok ? 0 : 2;
    }
}
