using Microsoft.DotNet.Interactive;

namespace AdaNotebooks.Interactive;

/// <summary>The kernels a loaded extension adjusts.</summary>
static class KernelTree
{
    /// <summary>Every C# kernel under <paramref name="kernel"/>'s root (found by type name: the C# kernel's assembly
    /// is the kernel's own, not referenced here).</summary>
    public static IEnumerable<Kernel> CSharpKernels(Kernel kernel) =>
        All(kernel.RootKernel).Where(k => k.GetType().FullName == "Microsoft.DotNet.Interactive.CSharp.CSharpKernel");

    static IEnumerable<Kernel> All(Kernel kernel) =>
        kernel is CompositeKernel composite ? composite.ChildKernels.SelectMany(All).Prepend(kernel) : [kernel];
}
