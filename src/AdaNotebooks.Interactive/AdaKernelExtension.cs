using AdaNotebooks.Native;
using Microsoft.DotNet.Interactive;

namespace AdaNotebooks.Interactive;

/// <summary>Loaded by the kernel on <c>#r "nuget: AdaNotebooks.Interactive, *-*"</c>: prepares TorchSharp
/// (the native start-up fix), registers the formatters, keeps compiler version notes out of cell outputs
/// (<see cref="CompilerWarnings"/>) and fences cells from the finalizer thread (<see cref="CellFence"/>).</summary>
public sealed class AdaKernelExtension : IKernelExtension
{
    public Task OnLoadAsync(Kernel kernel)
    {
        var report = TorchNative.Ensure();
        Formatters.Register();
        CompilerWarnings.Quiet(kernel);
        CellFence.Install(kernel);
        var fix = report.SystemHasRequiredLibstdcxx
            ? "not needed"
            : report.PatchedFiles.Count > 0
            ? "applied"
            : "already applied";
        var context = KernelInvocationContext.Current;
        if (context is not null)
            KernelInvocationContextExtensions.Display(context,
            $"AdaNotebooks loaded: TorchSharp {TorchNative.TorchSharpVersion}, libtorch " +
            $"{TorchSharp.torch.__version__}, " +
            $"device {TorchNative.DefaultDevice.type}, native fix {fix}, " +
            $"oneDNN {TorchNative.OneDnn?.Note ?? "untouched"}, training precision (auto) " +
            $"{ReducedPrecisionCheck.Auto.Note}.",
            "text/plain");
        return Task.CompletedTask;
    }
}
