using System.Diagnostics;
using System.Linq.Expressions;
using System.Runtime;
using AdaNotebooks.Native;
using TorchSharp;
using static TorchSharp.torch;

namespace AdaNotebooks.Tests.Native;

/// <summary>A fence holds garbage collection off for the whole process: these tests run alone.</summary>
[CollectionDefinition("garbage collection", DisableParallelization = true)]
public sealed class GarbageCollectionCollection;

[Collection("garbage collection")]
public class FinalizerFenceTests
{
    /// <summary>The fault the fence is for, as it happens in training: one thread allocates (the dataset loader)
    /// while another passes implicit Scalars to libtorch. Without the fence, a collection started by the allocating
    /// thread lets the finalizer free a Scalar that libtorch is reading ("Expected false to be true"), a few times a
    /// second at this rate of calls.</summary>
    [Fact]
    public void NoImplicitScalarIsFreedUnderLibtorchInsideAFence()
    {
        using var x = ones(4);
        var timesTwo = OptimisedTimesTwo();
        bool stop = false;
        var allocator = new Thread(() =>
        {
            // Paced by the clock, not by spins, so that a block's budget outlasts the block on any CPU: 32 KB every
            // 20 microseconds (1.6 GB/s, a collection every few milliseconds outside the fence).
            var pace = Stopwatch.StartNew();
            for (long n = 1; !Volatile.Read(ref stop); n++)
            {
                GC.KeepAlive(new float[8192]);
                while (pace.Elapsed.TotalMicroseconds < 20 * n) Thread.SpinWait(10);
            }
        }) { IsBackground = true };
        allocator.Start();
        int errors = 0, blocks = 0, breached = 0;
        string? first = null;
        var clock = Stopwatch.StartNew();
        try
        {
            while (clock.Elapsed.TotalSeconds < 10)
            {
                int blockErrors = 0;
                using var fence = FinalizerFence.Enter();
                using (NewDisposeScope())
                    for (int i = 0; i < 2000; i++)
                    {
                        try { timesTwo(x); }
                        catch (Exception e) { blockErrors++; first ??= e.Message; }
                    }
                // A block whose allocations outran the budget was not fenced to the end: its calls prove nothing.
                if (GCSettings.LatencyMode == GCLatencyMode.NoGCRegion) errors += blockErrors;
                else breached++;
                blocks++;
            }
        }
        finally { Volatile.Write(ref stop, true); allocator.Join(); }
        Assert.True(errors == 0,
            $"{errors} native calls failed in {blocks - breached} fenced blocks; the first: {first}");
        Assert.True(breached < blocks / 2, $"{breached} of {blocks} blocks outran the fence's budget");
    }

    /// <summary>x.mul(2.0) as optimised code runs it. A debug build keeps the implicit Scalar in its caller's frame
    /// until the method returns, which hides the fault; a compiled expression is always optimised, so the Scalar is
    /// garbage once TorchSharp has read its handle, as in the release build the CLI and its workers run.</summary>
    static Func<Tensor, Tensor> OptimisedTimesTwo()
    {
        var x = Expression.Parameter(typeof(Tensor));
        var mul = typeof(Tensor).GetMethod(nameof(Tensor.mul), [typeof(Scalar)])!;
        var two = Expression.Convert(Expression.Constant(2.0), typeof(Scalar));
        return Expression.Lambda<Func<Tensor, Tensor>>(Expression.Call(x, mul, two), x).Compile();
    }

    [Fact]
    public void FencesNestAndEndTheirRegion()
    {
        using (FinalizerFence.Enter())
        {
            Assert.Equal(GCLatencyMode.NoGCRegion, GCSettings.LatencyMode);
            using (FinalizerFence.Enter())
                Assert.Equal(GCLatencyMode.NoGCRegion, GCSettings.LatencyMode);
            Assert.Equal(GCLatencyMode.NoGCRegion, GCSettings.LatencyMode);
        }
        Assert.NotEqual(GCLatencyMode.NoGCRegion, GCSettings.LatencyMode);
    }
}
