using System.Runtime.InteropServices;

namespace AdaNotebooks.Native;

/// <summary>What <see cref="TorchNative.Ensure"/> did about libtorch's oneDNN (mkldnn) kernels.</summary>
/// <param name="Enabled">Whether libtorch may use oneDNN (null: the switch could not be reached).</param>
/// <param name="Note">One line for `ada doctor` and the kernel extension.</param>
public sealed record OneDnnState(bool? Enabled, string Note);

/// <summary>libtorch's oneDNN switch, <c>at::globalContext().setUserEnabledMkldnn</c> (Python's
/// <c>torch.backends.mkldnn.enabled</c>), which TorchSharp does not expose.
///
/// With the libtorch 2.10 CPU build (oneDNN 3.7.1) float32 conv2d gives wrong results, sometimes NaN, whenever
/// libtorch hands the convolution to oneDNN and the channel count is not a multiple of oneDNN's block (16 with
/// AVX-512, 8 with AVX2): e.g. input [2, 17, 4, 4] with a 3x3 kernel is off by 10-60 %. It hits the forward pass
/// (the discriminator's conv after minibatch-std has an odd channel count) and the double backward of R1 and
/// path-length regularisation at small channel counts. libtorch sends a convolution to oneDNN for batches of
/// two or more, which is why batch 1 is right. Limiting oneDNN's ISA (DNNL_MAX_CPU_ISA) to AVX2 does not help;
/// with oneDNN off libtorch's own im2col + BLAS convolution is exact.
/// So oneDNN is turned off at start-up unless <c>ADA_ONEDNN=on</c>. NNPACK, which libtorch tries next for batches
/// of 16 or more, is turned off with it: where it cannot start (as on these AMD machines) every such convolution
/// retries it and prints a warning (thousands per training tick).</summary>
public static class OneDnn
{
    public const string EnvironmentVariable = "ADA_ONEDNN";
    const string GlobalContext = "_ZN2at13globalContextEv";
    const string SetEnabled = "_ZN2at7Context20setUserEnabledMkldnnEb";
    const string GetEnabled = "_ZNK2at7Context17userEnabledMkldnnEv";
    const string SetNnpack = "_ZN2at7Context20setUserEnabledNNPACKEb";

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    delegate IntPtr ContextFn();
    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    delegate void SetFn(IntPtr context, [MarshalAs(UnmanagedType.I1)] bool enabled);
    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    [return: MarshalAs(UnmanagedType.I1)]
    delegate bool GetFn(IntPtr context);

    static IntPtr _library;

    /// <summary>Whether the user asked to keep oneDNN (<c>ADA_ONEDNN=on</c>).</summary>
    public static bool Requested =>
        string.Equals(Environment.GetEnvironmentVariable(EnvironmentVariable), "on",
            StringComparison.OrdinalIgnoreCase);

    /// <summary>Turns oneDNN and NNPACK off in the libtorch_cpu at that path, unless <see cref="Requested"/>.</summary>
    internal static OneDnnState Apply(string? libtorchCpu)
    {
        if (libtorchCpu is null || !NativeLibrary.TryLoad(libtorchCpu, out var library))
            return new OneDnnState(null, "unknown (libtorch_cpu not found; the conv2d workaround is not applied)");
        _library = library;
        if (Requested) return new OneDnnState(Enabled, $"on ({EnvironmentVariable}=on; float32 conv2d may be wrong)");
        if (!Set(false)) return new OneDnnState(null, "unknown (no oneDNN switch in this libtorch)");
        if (Export<ContextFn>(GlobalContext) is { } context && Export<SetFn>(SetNnpack) is { } nnpack)
            nnpack(context(), false);
        return new OneDnnState(Enabled, $"off (float32 conv2d workaround; {EnvironmentVariable}=on keeps oneDNN)");
    }

    /// <summary>libtorch's current setting, or null when the switch cannot be reached.</summary>
    public static bool? Enabled =>
        Export<ContextFn>(GlobalContext) is { } context && Export<GetFn>(GetEnabled) is { } get ? get(context()) : null;

    /// <summary>Sets libtorch's switch; false when it cannot be reached.</summary>
    public static bool Set(bool enabled)
    {
        if (Export<ContextFn>(GlobalContext) is not { } context || Export<SetFn>(SetEnabled) is not { } set)
            return false;
        set(context(), enabled);
        return true;
    }

    static T? Export<T>(string name) where T : Delegate =>
        _library != IntPtr.Zero && NativeLibrary.TryGetExport(_library, name, out var address)
            ? Marshal.GetDelegateForFunctionPointer<T>(address)
            : null;
}
