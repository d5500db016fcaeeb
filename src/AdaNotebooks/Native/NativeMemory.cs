using System.Runtime.InteropServices;

namespace AdaNotebooks.Native;

/// <summary>Hands freed native memory back to the operating system. libtorch frees tensors into glibc's heaps,
/// which keep the pages; with a loader thread and OpenMP threads allocating in their own arenas, the resident size
/// then creeps up by fragmentation long after the live memory has stopped growing. malloc_trim(0) releases the
/// free pages of every arena; the trainer calls it once per tick (it takes milliseconds).</summary>
public static class NativeMemory
{
    [DllImport("libc", EntryPoint = "malloc_trim")]
    static extern int MallocTrim(nuint pad);

    /// <summary>Releases free heap pages (glibc on Linux); elsewhere does nothing.</summary>
    public static void Trim()
    {
        if (!OperatingSystem.IsLinux()) return;
        try { MallocTrim(0); }
        catch (EntryPointNotFoundException) { }   // a libc without malloc_trim (e.g. musl): nothing to release
        catch (DllNotFoundException) { }
    }
}
