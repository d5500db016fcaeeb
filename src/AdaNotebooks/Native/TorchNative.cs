using System.Reflection;
using System.Runtime.InteropServices;
using TorchSharp;

namespace AdaNotebooks.Native;

/// <summary>What <see cref="TorchNative.Ensure"/> found and did.</summary>
public sealed record NativeReport(
    bool SystemHasRequiredLibstdcxx,
    IReadOnlyList<string> PatchedFiles,
    IReadOnlyList<string> CheckedFiles,
    IReadOnlyList<string> PreloadedFiles);

/// <summary>Makes TorchSharp start on any Linux, with no manual step. Call before the first torch call
/// (the CLI, the test assemblies and the kernel extension do). Idempotent and thread-safe.
///
/// TorchSharp 0.107's libLibTorchSharp.so asks for GLIBCXX_3.4.32 (GCC 13) only for the marker symbol
/// <c>std::ios_base_library_init</c>, which nothing references. Where the system libstdc++ lacks that version
/// (Debian 12 stops at 3.4.30) the requirement is marked weak in every copy TorchSharp may load; where it has
/// it, nothing is touched. The project's own libtorch is then preloaded by full path so that a system
/// libtorch (e.g. Debian's python3-torch) is never picked up by name, and libtorch's oneDNN kernels are kept only
/// where their float32 conv2d is right on this CPU (<see cref="Native.OneDnn"/>).</summary>
public static class TorchNative
{
    public const string RequiredVersion = "GLIBCXX_3.4.32";
    const string MarkerSymbol = "_ZSt21ios_base_library_initv";
    const string TorchSharpNative = "libLibTorchSharp.so";

    static readonly object Gate = new();
    static NativeReport? _report;

    /// <summary>The report of the first successful <see cref="Ensure"/>, or null before it ran.</summary>
    public static NativeReport? Report => _report;

    /// <summary>What <see cref="Ensure"/> did about oneDNN (see <see cref="Native.OneDnn"/>), or null before it ran
    /// and off Linux.</summary>
    public static OneDnnState? OneDnn { get; private set; }

    public static NativeReport Ensure()
    {
        lock (Gate)
        {
            if (_report is not null) return _report;
            if (!OperatingSystem.IsLinux())
                return _report = new NativeReport(true, [], [], []);

            // libtorch's OpenMP threads spin while waiting by default; on a busy machine (a notebook kernel next
            // to a test run, two processes on 2 cores) that makes every parallel op many times slower: two
            // two-thread `small` runs at once trained at 19 img/s each spinning, 108-110 passive. Sleeping at once
            // costs a wake-up per parallel op instead, so the worker spins briefly (GOMP_SPINCOUNT 300, a few
            // microseconds) and then sleeps: one `small` run alone 176-204 img/s against 142-144 passive, two side
            // by side 118-126 each against 133-140 (`ada bench train --config small`, interleaved). A user's own
            // settings win.
            if (Environment.GetEnvironmentVariable("OMP_WAIT_POLICY") is null)
            {
                setenv("OMP_WAIT_POLICY", "PASSIVE", 0);
                setenv("GOMP_SPINCOUNT", "300", 0);
            }

            HeapSettings.Apply();
            bool systemOk = LibstdcxxHasVersion(RequiredVersion);
            var dirs = CandidateDirectories();
            var checkedFiles = new List<string>();
            var patched = new List<string>();
            foreach (var dir in dirs)
            {
                var file = Path.Combine(dir, TorchSharpNative);
                if (!File.Exists(file)) continue;
                checkedFiles.Add(file);
                if (!systemOk && ElfVersionNeeds.MarkWeak(file, RequiredVersion)) patched.Add(file);
            }
            var preloaded = Preload(dirs);
            OneDnn = Native.OneDnn.Apply(preloaded.FirstOrDefault(f => Path.GetFileName(f) == "libtorch_cpu.so"));
            return _report = new NativeReport(systemOk, patched, checkedFiles, preloaded);
        }
    }

    /// <summary>Whether the libstdc++ this process would load defines the marker symbol at that version.</summary>
    public static bool LibstdcxxHasVersion(string version)
    {
        if (!NativeLibrary.TryLoad("libstdc++.so.6", out var handle)) return false;
        return dlvsym(handle, MarkerSymbol, version) != IntPtr.Zero;
    }

    [DllImport("libc", EntryPoint = "setenv")]
    static extern int setenv([MarshalAs(UnmanagedType.LPUTF8Str)] string name,
        [MarshalAs(UnmanagedType.LPUTF8Str)] string value, int overwrite);

    [DllImport("libc", EntryPoint = "dlvsym")]
    static extern IntPtr dlvsym(IntPtr handle, [MarshalAs(UnmanagedType.LPUTF8Str)] string symbol,
        [MarshalAs(UnmanagedType.LPUTF8Str)] string version);

    /// <summary>Folders where TorchSharp's natives may live: the application's output (build and test runs),
    /// next to TorchSharp.dll, the folder TorchSharp consolidates natives into when loaded from the NuGet
    /// cache (notebook kernels), and the NuGet package folders themselves (notebook kernels, the installed tool).
    /// </summary>
    static List<string> CandidateDirectories()
    {
        var rid = $"runtimes/linux-{RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant()}/native";
        var dirs = new List<string>();
        void Add(string? d) { if (d is not null && Directory.Exists(d)) dirs.Add(Path.GetFullPath(d)); }

        Add(AppContext.BaseDirectory);
        Add(Path.Combine(AppContext.BaseDirectory, rid));
        var torchsharpDir = Path.GetDirectoryName(typeof(torch).Assembly.Location);
        if (!string.IsNullOrEmpty(torchsharpDir))
        {
            Add(torchsharpDir);
            Add(Path.Combine(torchsharpDir, "cpu"));
            // NuGet cache layout: <packages>/torchsharp/<version>/lib/<tfm>/TorchSharp.dll
            var packageHome = Path.GetFullPath(Path.Combine(torchsharpDir, "..", ".."));
            Add(Path.Combine(packageHome, rid));
            AddLibtorch(Path.GetFullPath(Path.Combine(packageHome, "..", "..")));
        }
        // The installed `ada` tool carries no libtorch: it comes from the package folder the build restored it to.
        foreach (var packages in NuGetPackageFolders.Roots()) AddLibtorch(packages);
        return dirs.Distinct().ToList();

        void AddLibtorch(string packages)
        {
            foreach (var libtorch in new[] { "libtorch-cpu-linux-x64", "libtorch-cuda-12.8-linux-x64" })
            {
                var root = Path.Combine(packages, libtorch);
                if (!Directory.Exists(root)) continue;
                foreach (var version in Directory.GetDirectories(root).OrderDescending())
                    Add(Path.Combine(version, rid));
            }
        }
    }

    /// <summary>Loads libtorch and LibTorchSharp by full path, dependencies first, from the first folder
    /// that has them, so later loads by name resolve to these copies.</summary>
    static List<string> Preload(List<string> dirs)
    {
        var loaded = new List<string>();
        var libtorchDir = dirs.FirstOrDefault(d => File.Exists(Path.Combine(d, "libtorch_cpu.so")));
        if (libtorchDir is not null)
        {
            var order = new[] { "libc10.so", "libtorch_cpu.so", "libc10_cuda.so", "libtorch_cuda.so", "libtorch.so" };
            foreach (var name in order)
            {
                var file = Path.Combine(libtorchDir, name);
                if (File.Exists(file) && NativeLibrary.TryLoad(file, out _)) loaded.Add(file);
            }
        }
        var sharp = dirs.Select(d => Path.Combine(d, TorchSharpNative)).FirstOrDefault(File.Exists);
        if (sharp is not null && libtorchDir is not null && NativeLibrary.TryLoad(sharp, out _)) loaded.Add(sharp);
        return loaded;
    }

    /// <summary>The device to compute on: CUDA when the CUDA build is in use and a GPU is present, else the
    /// CPU.</summary>
    public static torch.Device DefaultDevice
    {
        get
        {
            Ensure();
            return torch.cuda.is_available() ? torch.CUDA : torch.CPU;
        }
    }

    public static string? TorchSharpVersion =>
        typeof(torch).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
}
