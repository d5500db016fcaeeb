using System.Runtime.InteropServices;

namespace AdaNotebooks.Native;

/// <summary>glibc heap settings for libtorch's large, short-lived buffers.
///
/// A convolution without oneDNN unfolds its input (im2col) into a buffer of C k^2 H W floats per image, tens of
/// megabytes per call, and frees it at once. glibc serves every allocation above its mmap threshold (at most 32 MB,
/// raised dynamically) with a fresh mmap, so each such call pays a page fault per 4 KB page on first touch and an
/// munmap on free: on 2 cores that doubled the time of a 128->128 3x3 convolution at 16x16, batch 32. Serving them
/// from the heap instead (mmap threshold 1 GB) and keeping the freed top of the heap (trim threshold 1 GB) lets the
/// next step reuse the same pages. Memory stays bounded: the trainer still calls malloc_trim once per tick
/// (<see cref="NativeMemory.Trim"/>), which returns the free pages. <c>ADA_HEAP=default</c> keeps glibc's
/// defaults; MALLOC_* variables set by the user also win.</summary>
public static class HeapSettings
{
    public const string EnvironmentVariable = "ADA_HEAP";
    const int MmapThreshold = -3, TrimThreshold = -1;   // malloc.h: M_MMAP_THRESHOLD, M_TRIM_THRESHOLD
    const int Threshold = 1 << 30;

    [DllImport("libc", EntryPoint = "mallopt")]
    static extern int mallopt(int parameter, int value);

    /// <summary>The settings applied, in one line for `ada doctor`.</summary>
    public static string State { get; private set; } = "glibc defaults";

    /// <summary>Applies the settings once (Linux, glibc), unless the user chose otherwise.</summary>
    internal static void Apply()
    {
        if (!OperatingSystem.IsLinux()) return;
        if (string.Equals(Environment.GetEnvironmentVariable(EnvironmentVariable), "default",
                StringComparison.OrdinalIgnoreCase))
        {
            State = $"glibc defaults ({EnvironmentVariable}=default)";
            return;
        }
        if (Environment.GetEnvironmentVariable("MALLOC_MMAP_THRESHOLD_") is not null ||
            Environment.GetEnvironmentVariable("MALLOC_TRIM_THRESHOLD_") is not null)
        {
            State = "the user's MALLOC_* settings";
            return;
        }
        try
        {
            bool ok = mallopt(MmapThreshold, Threshold) == 1 & mallopt(TrimThreshold, Threshold) == 1;
            State = ok ? "large buffers from the heap (mmap and trim thresholds 1 GB)"
                : "glibc defaults (mallopt refused)";
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            State = "glibc defaults (no mallopt in this libc)";
        }
    }
}
