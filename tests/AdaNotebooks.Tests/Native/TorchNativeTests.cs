using System.IO.Compression;
using System.Reflection;
using System.Runtime.InteropServices;
using AdaNotebooks.Native;
using static TorchSharp.torch;

namespace AdaNotebooks.Tests.Native;

public class TorchNativeTests
{
    [Fact]
    public void TensorOpAndBackwardRun()
    {
        using var scope = NewDisposeScope();
        var x = tensor(new float[] { 1, 2, 3, 4 }, [2, 2]).requires_grad_(true);
        var y = x.matmul(x).sum();
        y.backward();
        Assert.Equal(54f, y.item<float>());
        Assert.Equal(new float[] { 7, 11, 9, 13 }, x.grad!.data<float>().ToArray());
    }

    [Fact]
    public void EnsureIsIdempotentAndLeavesNoStrongRequirementWhereTheSystemLacksIt()
    {
        var first = TorchNative.Ensure();
        Assert.Same(first, TorchNative.Ensure());
        Assert.NotEmpty(first.CheckedFiles);
        foreach (var file in first.CheckedFiles)
        {
            var need = ElfVersionNeeds.Read(file).Single(n => n.Version == TorchNative.RequiredVersion);
            Assert.Equal(!first.SystemHasRequiredLibstdcxx, need.IsWeak);
        }
        Assert.Equal(TorchNative.LibstdcxxHasVersion(TorchNative.RequiredVersion), first.SystemHasRequiredLibstdcxx);
        Assert.False(TorchNative.LibstdcxxHasVersion("GLIBCXX_99.0.0"));
    }

    [Fact]
    public void OpenMpWaitsBrieflyThenSleepsUnlessTheUserChose()
    {
        TorchNative.Ensure();
        if (!OperatingSystem.IsLinux()) return;
        // The process environment as libgomp reads it (.NET keeps its own copy of the variables).
        string? Native(string name) => Marshal.PtrToStringUTF8(getenv(name));
        string? policy = Environment.GetEnvironmentVariable("OMP_WAIT_POLICY");
        string? spin = Environment.GetEnvironmentVariable("GOMP_SPINCOUNT");
        Assert.Equal(policy ?? "PASSIVE", Native("OMP_WAIT_POLICY"));
        Assert.Equal(spin ?? (policy is null ? "300" : null), Native("GOMP_SPINCOUNT"));
    }

    [DllImport("libc")]
    static extern nint getenv([MarshalAs(UnmanagedType.LPUTF8Str)] string name);

    [Fact]
    public void MarkingWeakChangesOnlyThatOneRequirement()
    {
        var dir = Directory.CreateTempSubdirectory("ada-elf-");
        try
        {
            var file = Path.Combine(dir.FullName, "libLibTorchSharp.so");
            ExtractPristineLibrary(file);
            var original = File.ReadAllBytes(file);
            var before = ElfVersionNeeds.Read(file);
            Assert.Contains(before, n => n.Version == TorchNative.RequiredVersion && !n.IsWeak);

            Assert.True(ElfVersionNeeds.MarkWeak(file, TorchNative.RequiredVersion));
            var after = ElfVersionNeeds.Read(file);

            Assert.Equal(before.Count, after.Count);
            for (int i = 0; i < before.Count; i++)
            {
                Assert.Equal(before[i].File, after[i].File);
                Assert.Equal(before[i].Version, after[i].Version);
                var expectedFlags = before[i].Version == TorchNative.RequiredVersion ? before[i]
                    .Flags | VersionNeed.WeakFlag : before[i].Flags;
                Assert.Equal(expectedFlags, after[i].Flags);
            }
            var patched = File.ReadAllBytes(file);
            Assert.Equal(original.Length, patched.Length);
            Assert.Single(Enumerable.Range(0, original.Length), i => original[i] != patched[i]);

            // Idempotent: a second call changes nothing; no temporary file is left behind.
            Assert.False(ElfVersionNeeds.MarkWeak(file, TorchNative.RequiredVersion));
            Assert.Equal(patched, File.ReadAllBytes(file));
            Assert.Single(dir.GetFiles());
        }
        finally { dir.Delete(true); }
    }

    [Fact]
    public void RejectsFilesThatAreNotElf()
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, "not a library at all, just some text that is long enough to have a header");
            var e = Assert.Throws<InvalidDataException>(() => ElfVersionNeeds.Read(file));
            Assert.Contains(file, e.Message);
        }
        finally { File.Delete(file); }
    }

    /// <summary>Copies libLibTorchSharp.so out of the TorchSharp .nupkg, which no start-up fix ever touches.</summary>
    static void ExtractPristineLibrary(string target)
    {
        var root = typeof(TorchNativeTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "NuGetPackageRoot").Value!;
        var version = TorchNative.TorchSharpVersion!.Split('+')[0];
        var nupkg = Path.Combine(root, "torchsharp", version, $"torchsharp.{version}.nupkg");
        using var zip = ZipFile.OpenRead(nupkg);
        zip.GetEntry("runtimes/linux-x64/native/libLibTorchSharp.so")!.ExtractToFile(target);
    }
}
