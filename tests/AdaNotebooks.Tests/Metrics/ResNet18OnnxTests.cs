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

    /// <summary>Features of a fixed batch as recorded (Reference/resnet18-*-features.f32) on an AVX-512 CPU with the
    /// graph edited byte by byte, before the edit moved to the ONNX schema's types: bit-identical on a CPU of that
    /// kind; elsewhere ONNX Runtime's kernels for another instruction set may round differently.</summary>
    [Theory]
    [InlineData(ResNet18Onnx.ExportedInputSize)]
    [InlineData(ResNet18Onnx.ReducedInputSize)]
    public void FeaturesOfAFixedBatchAreTheRecordedOnes(int size)
    {
        using var scope = NewDisposeScope();
        var images = randint(0, 256, [3, 3, 32, 32], generator: new Generator(11)).to(ScalarType.Byte);
        using var network = new ResNet18Onnx(threads: 2, batchSize: 3, inputSize: size);
        var features = network.Extract(images).contiguous().data<float>().ToArray();
        var recorded = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(File.ReadAllBytes(
            Path.Combine(AppContext.BaseDirectory, "Metrics", "Reference", $"resnet18-{size}-features.f32"))).ToArray();
        Assert.Equal(3 * 512, recorded.Length);
        if (System.Runtime.Intrinsics.X86.Avx512F.IsSupported) Assert.Equal(recorded, features);
        else Assert.All(features.Zip(recorded), p => Assert.True(Math.Abs(p.First - p.Second) <= 1e-4f * (1 +
            Math.Abs(p.Second)), $"{p.First} against the recorded {p.Second}"));
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
    public void TheReducedVariantGives512dFiniteFeaturesForRgbAndGrayImages()
    {
        using var scope = NewDisposeScope();
        using var network = new ResNet18Onnx(threads: 2, batchSize: 2, inputSize: ResNet18Onnx.ReducedInputSize);
        var rgb = network.Extract(Images(3, seed: 2)); // 3 images in batches of 2: a full and a partial batch
        Assert.Equal([3L, 512L], rgb.shape);
        Assert.True(rgb.isfinite().all().item<bool>(), "non-finite features");
        Assert.True(rgb.std().item<float>() > 1e-3, "features are constant");
        Assert.True(rgb[0].sub(rgb[1]).abs().max().item<float>() > 1e-3, "different images give the same features");

        var gray = Images(2, channels: 1, seed: 3);
        var grayFeatures = network.Extract(gray);
        Assert.Equal([2L, 512L], grayFeatures.shape);
        Assert.True(grayFeatures.isfinite().all().item<bool>(), "non-finite features for gray images");
        Assert.True(grayFeatures.allclose(network.Extract(gray.expand(-1, 3, -1, -1).contiguous())));
    }

    [Fact]
    public void TheReducedVariantDiffersFromThe224OneInFeaturesNamesAndFingerprint()
    {
        using var scope = NewDisposeScope();
        using var network224 = new ResNet18Onnx(threads: 2, batchSize: 2);
        using var reduced = new ResNet18Onnx(threads: 2, batchSize: 2, inputSize: 112);
        Assert.Equal(224, network224.InputSize);
        Assert.Equal(112, reduced.InputSize);
        Assert.Equal("resnet18", network224.Name);
        Assert.Equal("resnet18-112", reduced.Name);
        Assert.NotEqual(network224.Fingerprint, reduced.Fingerprint);
        Assert.Contains("112", reduced.Fingerprint);
        Assert.Equal(["fd-resnet18-112"], MetricSuite.ScoreNames(MetricSuite.Fd, reduced));
        Assert.Equal(["kid-resnet18-112"], MetricSuite.ScoreNames(MetricSuite.Kid, reduced));
        Assert.Equal(["precision-resnet18-112", "recall-resnet18-112"], MetricSuite.ScoreNames(MetricSuite.Pr,
            reduced));
        Assert.Equal(["fd-resnet18"], MetricSuite.ScoreNames(MetricSuite.Fd, network224));

        var dataset = new AdaNotebooks.Data.ImageDataset("four", new byte[4 * 3 * 32 * 32], 3, 32, 32);
        var cache = new FeatureCache(Path.GetTempPath());
        Assert.NotEqual(cache.PathFor(dataset, network224, 4), cache.PathFor(dataset, reduced, 4));

        var images = Images(2, seed: 4);
        double difference = network224.Extract(images).sub(reduced.Extract(images)).abs().max().item<float>();
        Assert.True(difference > 1e-2, $"the 112 and 224 features are the same (max difference {difference})");
    }

    [Fact]
    public void PreprocessingAt112UsesTheMeanImageResizedTo112()
    {
        using var scope = NewDisposeScope();
        using var network224 = new ResNet18Onnx(threads: 1);
        using var network112 = new ResNet18Onnx(threads: 1, inputSize: 112);
        var black = zeros(1, 3, 32, 32, dtype: ScalarType.Byte);
        var mean224 = network224.Preprocess(black).neg();
        var mean112 = network112.Preprocess(black).neg();
        Assert.Equal([1L, 3L, 112L, 112L], mean112.shape);
        // Bilinear 224 -> 112 (half-pixel centres, no antialiasing) is the mean of each 2x2 block.
        var blocks = nn.functional.avg_pool2d(mean224, 2);
        double difference = mean112.sub(blocks).abs().max().item<float>();
        Assert.True(difference < 1e-3, "mean image at 112 vs 2x2 blocks of the one at 224: max difference " +
                                       $"{difference}");
        // A white image is 255 everywhere once the mean is added back (the image is resized, not cropped or padded).
        var white = network112.Preprocess(full(new long[] { 1, 3, 32, 32 }, 255, dtype: ScalarType.Byte));
        Assert.True(white.add(mean112).sub(255).abs().max().item<float>() < 1e-3);
    }

    [Fact]
    public void TheSizeAdaptedGraphRunsAt112AndComputesTheSameFeaturesAt224()
    {
        var (model, _) = ResNet18Files.Locate();
        var original = File.ReadAllBytes(model);
        using var options = new SessionOptions { IntraOpNumThreads = 2 };
        using var batchOnly = new InferenceSession(OnnxModelEditor.MakeBatchSymbolic(original), options);
        using var adapted = new InferenceSession(OnnxModelEditor.MakeInputSizeSymbolic(original), options);
        Assert.Equal([-1, 3, -1, -1], adapted.InputMetadata["Input247"].Dimensions);
        Assert.Equal([-1, 512, 1, 1], adapted.OutputMetadata["Pooling395_Output_0"].Dimensions);

        var random = new Random(5);
        float[] Input(int size) => Enumerable.Range(0, 2 * 3 * size * size)
            .Select(_ => (float)(random.NextDouble() * 255 - 120)).ToArray();
        float[] Run(InferenceSession session, float[] input, int size)
        {
            using var value = OrtValue.CreateTensorValueFromMemory(input, [2, 3, size, size]);
            using var runOptions = new RunOptions();
            using var results = session.Run(runOptions, ["Input247"], [value], ["Pooling395_Output_0"]);
            return results[0].GetTensorDataAsSpan<float>().ToArray();
        }

        var at224 = Input(224);
        var expected = Run(batchOnly, at224, 224);
        var actual = Run(adapted, at224, 224);
        Assert.Equal(2 * 512, actual.Length);
        double scale = expected.Max(v => Math.Abs(v)), difference = expected.Zip(actual, (a, b) => Math.Abs(a - b))
            .Max();
        Assert.True(difference < 1e-4 * scale, $"adapted vs original graph at 224: max difference {difference} " +
                                               $"(features up to {scale})");

        // At 112 the file's graph fails (its last stage adds a 3x3 and a 4x4 map); the adapted one gives features.
        var at112 = Input(112);
        Assert.Throws<OnnxRuntimeException>(() => Run(batchOnly, at112, 112));
        var reduced = Run(adapted, at112, 112);
        Assert.Equal(2 * 512, reduced.Length);
        Assert.All(reduced, v => Assert.True(float.IsFinite(v)));
    }

    [Fact]
    public void OnlyTheTwoInputSizesAreAccepted()
    {
        var error = Assert.Throws<ArgumentException>(() => new ResNet18Onnx(inputSize: 100));
        Assert.Contains("112", error.Message);
    }

    [Fact]
    public void AMissingModelFileSaysWhereItComesFrom()
    {
        var error = Assert.Throws<FileNotFoundException>(() => ResNet18Files.Locate(Path.Combine(Path.GetTempPath(),
            "no-such-folder", "ResNet18.onnx")));
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
