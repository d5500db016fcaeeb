using System.Reflection;
using Microsoft.DotNet.Interactive;

namespace AdaNotebooks.Interactive;

/// <summary>Keeps compiler notes about assembly versions out of cell outputs. TorchSharp's net8.0 build references
/// System.Runtime.Numerics 8.0.0.0 while the kernel compiles cells against .NET 10's 10.0.0.0; binding a TorchSharp
/// member whose overloads touch System.Numerics (e.g. <c>tensor(...)</c>) makes the script compiler report
/// "warning CS1701: Assuming assembly reference ... matches identity ...", which MSBuild builds silence by default
/// (NoWarn 1701;1702) but the kernel's script compiler does not. The kernel publishes every diagnostic of a cell, and
/// Jupyter prints them to the cell's stderr (in red). A pragma cannot silence it (the warning has no source
/// location), and the kernel offers no per-warning switch, so the C# kernels compile cells at warning level 1: errors
/// and level-1 warnings still show, version-unification notes (CS1701 is level 2, CS1702 level 3) and the other
/// level 2-4 warnings do not.</summary>
static class CompilerWarnings
{
    public const int Level = 1;

    /// <summary>Lowers the warning level of every C# kernel under <paramref name="kernel"/>'s root; returns how many
    /// it changed (0 when the kernel's script options are not where this kernel version keeps them).</summary>
    public static int Quiet(Kernel kernel)
    {
        int changed = 0;
        foreach (var k in KernelTree.CSharpKernels(kernel))
        {
            var field = k.GetType().GetField("_scriptOptions", BindingFlags.Instance | BindingFlags.NonPublic);
            var options = field?.GetValue(k);
            var with = options?.GetType().GetMethod("WithWarningLevel", [typeof(int)]);
            if (field is null || options is null || with is null) continue;
            field.SetValue(k, with.Invoke(options, [Level]));
            changed++;
        }
        return changed;
    }
}
