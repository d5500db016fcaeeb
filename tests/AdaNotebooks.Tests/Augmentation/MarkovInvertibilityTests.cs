using AdaNotebooks.Augmentation;
using static TorchSharp.torch;

namespace AdaNotebooks.Tests.Augmentation;

/// <summary>The notebook's hand-built explanation (<see cref="MarkovOperator"/>: T = (1 - p) I + p mean_i P_i on the
/// 512 binary 3x3 images) is the real pipeline's operator there for xflip, rotate90 and lumaflip; its xint, a
/// one-pixel wrap-around, is an idealisation. The non-leak properties themselves are tested on the pipeline
/// (<see cref="PipelineOperatorTests"/>).</summary>
public class MarkovInvertibilityTests
{
    const int States = MarkovOperator.States;

    static Tensor AllStates() =>
        stack(Enumerable.Range(0, States).Select(MarkovOperator.Image).ToArray()).view(States, 1, 3, 3);

    [Fact]
    public void ChoicesArePermutationsThatMatchTheOps()
    {
        using var scope = NewDisposeScope();
        foreach (var op in MarkovOperator.Ops)
            foreach (var p in MarkovOperator.Choices(op))
            {
                Assert.Equal(1.0, p.sum(dim: 0).min().item<double>());
                Assert.Equal(1.0, p.sum(dim: 1).max().item<double>());
            }
        // State 1 (only the top-left pixel white): xflip moves it to the top-right, one of the rotations to the
        // bottom-left.
        var flipped = MarkovOperator.Choices("xflip")[1].matmul(nn.functional.one_hot(tensor(1L), States).to(float64))
            .argmax().item<long>();
        Assert.Equal(1L << 2, flipped);
        var rotations = MarkovOperator.Choices("rotate90")
            .Select(p => p.matmul(nn.functional.one_hot(tensor(1L), States).to(float64)).argmax().item<long>())
                .ToHashSet();
        Assert.Equal(new HashSet<long> { 1, 1 << 2, 1 << 6, 1 << 8 }, rotations);
        Assert.Equal(States - 2L, MarkovOperator.Choices("lumaflip")[1].matmul(nn.functional.one_hot(tensor(1L), States)
            .to(float64)).argmax().item<long>());
    }

    [Theory]
    [InlineData("xflip")]
    [InlineData("rotate90")]
    [InlineData("lumaflip")]
    public void TheExplanationIsThePipelinesOperatorOnThe3x3Space(string op)
    {
        using var scope = NewDisposeScope();
        var pipeline = PipelineOperator.Exact(AugmentSpec.Preset(op), 0.6, AllStates());
        Assert.Equal(States, pipeline.Rows);   // the 512 states are closed under the op
        Assert.True(pipeline.T.allclose(MarkovOperator.Operator(op, 0.6), rtol: 0, atol: 1e-12), $"{op}: T differs");
    }

    [Fact]
    public void ThePipelinesXIntLeavesThe3x3ImagesAlone()
    {
        using var scope = NewDisposeScope();
        // round(3 t) = 0 for |t| <= 1/8: the explanation's one-pixel wrap-around is not what the pipeline does.
        var pipeline = PipelineOperator.Exact(AugmentSpec.Preset("xint"), 0.6, AllStates());
        Assert.True(pipeline.T.allclose(eye(States, dtype: float64), rtol: 0, atol: 0));
        Assert.False(MarkovOperator.Operator("xint", 0.6).allclose(pipeline.T, rtol: 0, atol: 1e-3));
    }
}
