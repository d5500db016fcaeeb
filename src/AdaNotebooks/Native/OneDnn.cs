using System.Runtime.InteropServices;

namespace AdaNotebooks.Native;

/// <summary>What <see cref="TorchNative.Ensure"/> did about libtorch's oneDNN (mkldnn) kernels.</summary>
/// <param name="Enabled">Whether libtorch may use oneDNN (null: the switch could not be reached).</param>
/// <param name="Note">One line for `ada doctor` and the kernel extension.</param>
public sealed record OneDnnState(bool? Enabled, string Note);

/// <summary>libtorch's oneDNN switch, <c>at::globalContext().setUserEnabledMkldnn</c> (Python's
/// <c>torch.backends.mkldnn.enabled</c>), which TorchSharp does not expose.
///
/// oneDNN's float32 convolutions are right on some CPUs and wrong on others with the same libtorch 2.10 CPU build
/// (oneDNN 3.7.1). On the AMD EPYC with AVX-512 where this was found (its CPU family was not recorded) conv2d was
/// wrong, sometimes NaN, whenever libtorch handed it to oneDNN (batches of two or more) and the channel count was
/// not a multiple of oneDNN's block (16 with AVX-512, 8 with AVX2): input [2, 17, 4, 4] with a 3x3 kernel was off
/// by 10-60 %, and so was the double backward of R1 and path-length regularisation at small channel counts;
/// limiting oneDNN's ISA to AVX2 did not help. On an AMD EPYC of family 26 the same shapes agree with float64 to
/// 3e-7. libtorch's own im2col + BLAS convolution is exact everywhere but slower.
/// So start-up checks (<c>ADA_ONEDNN</c> unset or <c>auto</c>): it runs the shapes of
/// <see cref="ConvolutionCheck.FirstWrong"/> through oneDNN against float64 and keeps oneDNN only if every one is
/// right. <c>ADA_ONEDNN=off</c> turns it off without checking, <c>on</c> keeps it without checking. NNPACK, which
/// libtorch tries for batches of 16 or more where oneDNN is off, is always turned off: where it cannot start (as on
/// these AMD machines) every such convolution retries it and prints a warning (thousands per training tick).</summary>
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

    /// <summary>The user's choice: "on", "off" or "auto" (the default: keep oneDNN where its convolutions are
    /// right).</summary>
    public static string Mode => Environment.GetEnvironmentVariable(EnvironmentVariable)?.Trim().ToLowerInvariant()
        is { Length: > 0 } mode ? mode : "auto";

    /// <summary>Sets oneDNN in the libtorch_cpu at that path as <see cref="Mode"/> says, and turns NNPACK off.
    /// <paramref name="firstWrong"/> is the check that "auto" runs (<see cref="ConvolutionCheck.FirstWrong"/>).
    /// </summary>
    internal static OneDnnState Apply(string? libtorchCpu, Func<string?>? firstWrong = null)
    {
        var mode = Mode;
        if (mode is not ("on" or "off" or "auto"))
            throw new InvalidOperationException($"{EnvironmentVariable}={mode}: expected on, off or auto");
        if (libtorchCpu is null || !NativeLibrary.TryLoad(libtorchCpu, out var library))
            return new OneDnnState(null, "unknown (libtorch_cpu not found; its convolutions are not checked)");
        _library = library;
        if (Export<ContextFn>(GlobalContext) is { } context && Export<SetFn>(SetNnpack) is { } nnpack)
            nnpack(context(), false);
        if (!Set(mode != "off")) return new OneDnnState(null, "unknown (no oneDNN switch in this libtorch)");
        if (mode == "on") return new OneDnnState(true, $"on ({EnvironmentVariable}=on, not checked)");
        if (mode == "off") return new OneDnnState(false, $"off ({EnvironmentVariable}=off)");
        string? wrong;
        try { wrong = (firstWrong ?? (() => ConvolutionCheck.FirstWrong()))(); }
        catch (Exception e) { wrong = $"the check failed ({e.GetType().Name}: {e.Message})"; }   // off is always right
        if (wrong is null)
            return new OneDnnState(true, "on (its float32 convolutions match float64 on this CPU; " +
                                         $"{EnvironmentVariable}=off turns it off)");
        Set(false);
        return new OneDnnState(false, $"off (wrong on this CPU: {wrong}; {EnvironmentVariable}=on keeps it)");
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
