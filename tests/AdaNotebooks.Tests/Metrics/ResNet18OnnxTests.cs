using AdaNotebooks.Metrics;
using Microsoft.ML.OnnxRuntime;
using static TorchSharp.torch;

namespace AdaNotebooks.Tests.Metrics;

/// <summary>The offline network, on a handful of images (it takes ~50 ms per image on two cores).</summary>
public class ResNet18OnnxTests
{
    static Tensor Images(int n, int channels = 3, int seed = 0)
        => randint(0, 256, [n, channels, 32, 32], generator: new Generator((ulong)seed)).to(ScalarType.Byte);

    [Fact]
    public void GivesDeterministic512dFeaturesAndBatchingDoesNotChangeThem()
    {
        using var scope = NewDisposeScope();
        using var batched = new ResNet18Onnx(threads: 2, batchSize: 4);
        using var single = new ResNet18Onnx(threads: 2, batchSize: 1);
        var images = Images(4);
        var a = batched.Extract(images);
        var b = batched.Extract(images);
        var c = single.Extract(images);
        Assert.Equal([4L, 512L], a.shape);
        Assert.True(a.eq(b).all().item<bool>(), "two runs differ");
        double difference = a.sub(c).abs().max().item<float>();
        Assert.True(difference < 1e-4, $"batched vs one at a time: max difference {difference}");
        Assert.True(a.std().item<float>() > 1e-3, "features are constant");
        Assert.True(a[0].sub(a[1]).abs().max().item<float>() > 1e-3, "different images give the same features");
    }

    [Fact]
    public void GrayImagesAreTreatedAsRgbWithEqualChannels()
    {
        using var scope = NewDisposeScope();
        using var network = new ResNet18Onnx(threads: 2, batchSize: 2);
        var gray = Images(2, channels: 1, seed: 1);
        var rgb = gray.expand(-1, 3, -1, -1).contiguous();
        Assert.True(network.Extract(gray).allclose(network.Extract(rgb)));
    }

    [Fact]
    public void PreprocessingIsBgrMinusTheMeanImageAt224()
    {
        using var scope = NewDisposeScope();
        using var network = new ResNet18Onnx(threads: 1);
        var black = network.Preprocess(zeros(1, 3, 32, 32, dtype: ScalarType.Byte));
        var red = zeros(1, 3, 32, 32, dtype: ScalarType.Byte);
        red[.., 0] = tensor((byte)255);
        var redInput = network.Preprocess(red);
        Assert.Equal([1L, 3L, 224L, 224L], redInput.shape);
        var mean = black.neg();
        // ImageNet mean in BGR order: blue ~104, green ~117, red ~123 (the package's mean image averages ~103/116/123).
        Assert.InRange(mean[0, 0].mean().item<float>(), 95, 110);
        Assert.InRange(mean[0, 2].mean().item<float>(), 115, 130);
        // Red lands in the last (R of BGR) channel at 255, the others stay 0.
        Assert.True(redInput.add(mean)[0, 2].sub(255).abs().max().item<float>() < 1e-3);
        Assert.True(redInput.add(mean)[0, ..2].abs().max().item<float>() < 1e-3);
    }

    [Fact]
    public void TheBatchDimensionOfTheShippedModelIsMadeSymbolic()
    {
        var (model, _) = ResNet18Files.Locate();
        var original = File.ReadAllBytes(model);
        using var options = new SessionOptions { IntraOpNumThreads = 1 };
        using (var fixedBatch = new InferenceSession(original, options))
            Assert.Equal(1, fixedBatch.InputMetadata["Input247"].Dimensions[0]);
        using var edited = new InferenceSession(OnnxModelEditor.MakeBatchSymbolic(original), options);
        Assert.Equal([-1, 3, 224, 224], edited.InputMetadata["Input247"].Dimensions);
        Assert.Equal([-1, 512, 1, 1], edited.OutputMetadata["Pooling395_Output_0"].Dimensions);
    }

    [Fact]
    public void AMissingModelFileSaysWhereItComesFrom()
    {
        var error = Assert.Throws<FileNotFoundException>(() => ResNet18Files.Locate(Path.Combine(Path.GetTempPath(), "no-such-folder", "ResNet18.onnx")));
        Assert.Contains("Microsoft.ML.DnnImageFeaturizer.ResNet18", error.Message);
        Assert.Contains(ResNet18Files.EnvironmentVariable, error.Message);
    }

    [Fact]
    public void RejectsFloatImages()
    {
        using var scope = NewDisposeScope();
        using var network = new ResNet18Onnx(threads: 1);
        var error = Assert.Throws<ArgumentException>(() => network.Extract(zeros(1, 3, 32, 32)));
        Assert.Contains("uint8", error.Message);
    }
}
