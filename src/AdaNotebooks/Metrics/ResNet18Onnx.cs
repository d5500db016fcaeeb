using Microsoft.ML.OnnxRuntime;
using TorchSharp;
using static TorchSharp.torch;

namespace AdaNotebooks.Metrics;

/// <summary>The default, offline feature network: the ImageNet ResNet18 of NuGet package
/// Microsoft.ML.DnnImageFeaturizer.ResNet18 (a CNTK export), run with ONNX Runtime in batches; 512-d features
/// (the global average pool). Its scores are named "fd-resnet18", "kid-resnet18", ...: they are NOT comparable
/// with published FID/KID, which use Inception-v3.
///
/// Preprocessing as the package's own pipeline does it: resize to 224x224 (bilinear), RGB -> BGR, 0-255 scale,
/// minus the ImageNet mean image (BGR, 224x224, from ResNetPreprocess.onnx). Gray images are repeated to RGB.
/// The model's batch dimension is fixed to 1 in the file; it is made symbolic when loading
/// (<see cref="OnnxModelEditor.MakeBatchSymbolic"/>) so a whole batch runs in one call.</summary>
public sealed class ResNet18Onnx : IFeatureExtractor
{
    public const int InputSize = 224;
    const string InputName = "Input247";
    const string OutputName = "Pooling395_Output_0";

    readonly InferenceSession _session;
    readonly Tensor _meanImage;

    /// <param name="modelPath">ResNet18.onnx; found automatically when null (<see cref="ResNet18Files.Locate"/>).</param>
    /// <param name="threads">ONNX Runtime intra-op threads (default: the processor count).</param>
    /// <param name="batchSize">Images per ONNX Runtime call.</param>
    public ResNet18Onnx(string? modelPath = null, int? threads = null, int batchSize = 32)
    {
        if (batchSize < 1) throw new ArgumentException($"batch size {batchSize}: expected at least 1");
        var (model, preprocess) = ResNet18Files.Locate(modelPath);
        ModelPath = model;
        BatchSize = batchSize;
        var (mean, dims) = OnnxModelEditor.ReadFloatInitializer(File.ReadAllBytes(preprocess), "MeanImage");
        if (!dims.SequenceEqual([1L, 3, InputSize, InputSize]))
            throw new InvalidDataException($"{preprocess}: MeanImage has shape [{string.Join(", ", dims)}], expected [1, 3, 224, 224]");
        _meanImage = tensor(mean, dims).DetachFromDisposeScope();

        using var options = new SessionOptions
        {
            IntraOpNumThreads = threads ?? Environment.ProcessorCount,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
        // Idle runtime threads would otherwise spin between batches, taking the cores torch needs in the same process.
        options.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        Threads = options.IntraOpNumThreads;
        try
        {
            _session = new InferenceSession(OnnxModelEditor.MakeBatchSymbolic(File.ReadAllBytes(model)), options);
        }
        catch (OnnxRuntimeException e)
        {
            _meanImage.Dispose();
            throw new InvalidDataException($"{model}: ONNX Runtime cannot load it: {e.Message}");
        }
    }

    public string Name => "resnet18";
    public int Dimension => 512;
    public bool IsStandard => false;
    public string Fingerprint => $"resnet18-onnx-{ResNet18Files.PackageVersion}-bilinear224";
    public string ModelPath { get; }
    public int BatchSize { get; }
    public int Threads { get; }

    public Tensor Extract(Tensor images)
    {
        FeatureExtraction.CheckImages(images, nameof(ResNet18Onnx));
        long n = images.shape[0];
        var features = empty(n, Dimension, dtype: float32);
        for (long start = 0; start < n; start += BatchSize)
        {
            long count = Math.Min(BatchSize, n - start);
            using var scope = NewDisposeScope();
            var input = Preprocess(images.narrow(0, start, count));
            features.narrow(0, start, count).copy_(Run(input));
        }
        return features;
    }

    /// <summary>uint8 RGB (or gray) NCHW to the network's input: float [N, 3, 224, 224], BGR, 0-255 minus the mean.</summary>
    public Tensor Preprocess(Tensor images)
    {
        using var scope = NewDisposeScope();
        var x = images.cpu().to(float32);
        if (x.shape[1] == 1) x = x.expand(-1, 3, -1, -1);
        if (x.shape[2] != InputSize || x.shape[3] != InputSize)
            x = nn.functional.interpolate(x, size: [InputSize, InputSize], mode: InterpolationMode.Bilinear, align_corners: false);
        x = x.flip(1).sub(_meanImage).contiguous();
        return x.MoveToOuterDisposeScope();
    }

    Tensor Run(Tensor input)
    {
        var shape = input.shape;
        var values = input.data<float>().ToArray();
        using var value = OrtValue.CreateTensorValueFromMemory(values, shape);
        using var runOptions = new RunOptions();
        using var results = _session.Run(runOptions, [InputName], [value], [OutputName]);
        var output = results[0].GetTensorDataAsSpan<float>();
        if (output.Length != shape[0] * Dimension)
            throw new InvalidDataException($"{ModelPath}: {output.Length} outputs for {shape[0]} images, expected {Dimension} each");
        return tensor(output.ToArray(), [shape[0], Dimension]);
    }

    public void Dispose()
    {
        _session.Dispose();
        _meanImage.Dispose();
    }
}
