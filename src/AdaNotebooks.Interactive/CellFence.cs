using AdaNotebooks.Native;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;

namespace AdaNotebooks.Interactive;

/// <summary>Runs every submitted cell of the C# kernels inside a <see cref="FinalizerFence"/>. A cell's own tensor
/// code (<c>x.mul(2.0)</c>, <c>a - b</c>) makes implicit TorchSharp Scalars, and the kernel's other threads allocate
/// while it runs, so without a fence the finalizer thread can free a Scalar under libtorch ("Expected false to be
/// true", at random). The fence holds for the cell's first <see cref="FinalizerFence.DefaultBudgetBytes"/> of
/// managed allocation; the library's long loops (training steps, the toy GAN, the Markov operators) fence
/// themselves, so a cell that allocates more is still fenced where most of its native calls are.</summary>
public static class CellFence
{
    /// <summary>Adds the fence to every C# kernel under <paramref name="kernel"/>'s root; returns how many.</summary>
    public static int Install(Kernel kernel)
    {
        int installed = 0;
        foreach (var k in KernelTree.CSharpKernels(kernel))
        {
            k.AddMiddleware(Fenced);
            installed++;
        }
        return installed;
    }

    /// <summary>The middleware: a <see cref="SubmitCode"/> runs fenced, every other command as it comes.</summary>
    public static async Task Fenced(KernelCommand command, KernelInvocationContext context,
        KernelPipelineContinuation next)
    {
        if (command is not SubmitCode)
        {
            await next(command, context);
            return;
        }
        using var fence = FinalizerFence.Enter();
        await next(command, context);
    }
}
