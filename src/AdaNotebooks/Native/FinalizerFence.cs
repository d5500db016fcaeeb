using System.Runtime;

namespace AdaNotebooks.Native;

/// <summary>Keeps the finalizer thread out of a block of libtorch work.
///
/// TorchSharp 0.107 frees a <c>Scalar</c> in its finalizer and does not keep it alive across the native call that
/// reads it. An implicit Scalar (<c>x.mul(2.0)</c>) is garbage as soon as its handle has been passed on, so when
/// another thread's allocation (the dataset loader's, a notebook kernel's) starts a garbage collection while libtorch
/// is inside that call, the finalizer thread can free the Scalar under it. libtorch then reads a freed tag and throws
/// "Expected false to be true" (c10::Scalar::to&lt;float&gt;), at random, hours into a run. Caching Scalars avoids it
/// only where our own code makes them; TorchSharp's functions make their own.
///
/// A fence collects garbage and waits for the finalizers before the block, then holds collection off for it (a no-GC
/// region with a budget for every thread's allocations), so no finalizer can run while the block's native calls do.
/// It costs one blocking collection per block (a few milliseconds per training step). If the block allocates more
/// than the budget, a collection happens anyway and the block is unfenced from then on.</summary>
public sealed class FinalizerFence : IDisposable
{
    /// <summary>Managed allocation the block may make, on all threads, before a collection can no longer wait.
    /// </summary>
    public const long DefaultBudgetBytes = 64L << 20;

    readonly bool _holding;

    FinalizerFence(long budgetBytes)
    {
        // Nested blocks share the outer region; a region that cannot start leaves the block unfenced, as before.
        if (GCSettings.LatencyMode == GCLatencyMode.NoGCRegion) return;
        try { _holding = GC.TryStartNoGCRegion(budgetBytes); }
        catch (Exception e) when (e is ArgumentOutOfRangeException or InvalidOperationException) { _holding = false; }
        // The region's start collected; the finalizers of what it found run now, before the block, not inside it.
        GC.WaitForPendingFinalizers();
    }

    /// <summary>Fences the native work until the returned object is disposed.</summary>
    public static FinalizerFence Enter(long budgetBytes = DefaultBudgetBytes) => new(budgetBytes);

    public void Dispose()
    {
        if (_holding && GCSettings.LatencyMode == GCLatencyMode.NoGCRegion) GC.EndNoGCRegion();
    }
}
