using AdaNotebooks.Networks;
using AdaNotebooks.Training;
using static TorchSharp.torch;

namespace AdaNotebooks.Tests.Networks;

/// <summary>Parameter counts, state-dict keys and shapes against NETWORKS-SPEC (the reference's networks).</summary>
public class NetworkShapeTests
{
    static Dictionary<string, string> ShapesOf(nn.Module m)
        => m.state_dict().ToDictionary(kv => kv.Key, kv => "[" + string.Join(",", kv.Value.shape) + "]");

    static void AssertSameKeysAndShapes(Dictionary<string, string> expected, Dictionary<string, string> actual)
    {
        var missing = expected.Keys.Except(actual.Keys).Order().ToList();
        var extra = actual.Keys.Except(expected.Keys).Order().ToList();
        Assert.True(missing.Count == 0 && extra.Count == 0, $"missing: {string.Join(" ", missing)}; extra: " +
                                                            $"{string.Join(" ", extra)}");
        foreach (var (k, v) in expected) Assert.True(v == actual[k], $"{k}: expected {v}, got {actual[k]}");
    }

    static Dictionary<string, string> SpecCifarGenerator(bool conditional)
    {
        var e = new Dictionary<string, string>
        {
            ["synthesis.b4.const"] = "[512,4,4]",
            ["synthesis.b4.resample_filter"] = "[4,4]",
            ["mapping.w_avg"] = "[512]",
            ["mapping.fc0.weight"] = conditional ? "[512,1024]" : "[512,512]",
            ["mapping.fc0.bias"] = "[512]",
            ["mapping.fc1.weight"] = "[512,512]",
            ["mapping.fc1.bias"] = "[512]",
        };
        void Layer(string p, int r)
        {
            e[$"{p}.weight"] = "[512,512,3,3]";
            e[$"{p}.noise_strength"] = "[]";
            e[$"{p}.bias"] = "[512]";
            e[$"{p}.resample_filter"] = "[4,4]";
            e[$"{p}.noise_const"] = $"[{r},{r}]";
            e[$"{p}.affine.weight"] = "[512,512]";
            e[$"{p}.affine.bias"] = "[512]";
        }
        void ToRgb(string p)
        {
            e[$"{p}.weight"] = "[3,512,1,1]";
            e[$"{p}.bias"] = "[3]";
            e[$"{p}.affine.weight"] = "[512,512]";
            e[$"{p}.affine.bias"] = "[512]";
        }
        Layer("synthesis.b4.conv1", 4);
        ToRgb("synthesis.b4.torgb");
        foreach (var r in new[] { 8, 16, 32 })
        {
            e[$"synthesis.b{r}.resample_filter"] = "[4,4]";
            Layer($"synthesis.b{r}.conv0", r);
            Layer($"synthesis.b{r}.conv1", r);
            ToRgb($"synthesis.b{r}.torgb");
        }
        if (conditional)
        {
            e["mapping.embed.weight"] = "[512,10]";
            e["mapping.embed.bias"] = "[512]";
        }
        return e;
    }

    static Dictionary<string, string> SpecCifarDiscriminator(bool conditional)
    {
        var e = new Dictionary<string, string>
        {
            ["b32.resample_filter"] = "[4,4]",
            ["b32.fromrgb.weight"] = "[512,3,1,1]",
            ["b32.fromrgb.bias"] = "[512]",
            ["b32.fromrgb.resample_filter"] = "[4,4]",
            ["b4.conv.weight"] = "[512,513,3,3]",
            ["b4.conv.bias"] = "[512]",
            ["b4.conv.resample_filter"] = "[4,4]",
            ["b4.fc.weight"] = "[512,8192]",
            ["b4.fc.bias"] = "[512]",
            ["b4.out.weight"] = conditional ? "[512,512]" : "[1,512]",
            ["b4.out.bias"] = conditional ? "[512]" : "[1]",
        };
        foreach (var r in new[] { 32, 16, 8 })
            foreach (var conv in new[] { "conv0", "conv1" })
            {
                e[$"b{r}.{conv}.weight"] = "[512,512,3,3]";
                e[$"b{r}.{conv}.bias"] = "[512]";
                e[$"b{r}.{conv}.resample_filter"] = "[4,4]";
            }
        e["b16.resample_filter"] = "[4,4]";
        e["b8.resample_filter"] = "[4,4]";
        if (conditional)
        {
            e["mapping.embed.weight"] = "[512,10]";
            e["mapping.embed.bias"] = "[512]";
            for (int i = 0; i < 8; i++)
            {
                e[$"mapping.fc{i}.weight"] = "[512,512]";
                e[$"mapping.fc{i}.bias"] = "[512]";
            }
        }
        return e;
    }

    [Theory]
    [InlineData(0, 19_947_539L)]
    [InlineData(10, 20_215_315L)]
    public void CifarGeneratorMatchesTheSpec(int cDim, long parameters)
    {
        using var scope = NewDisposeScope();
        using var g = NetworkConfig.Cifar(32, 3, cDim).CreateGenerator();
        Assert.Equal(parameters, g.ParameterCount);
        AssertSameKeysAndShapes(SpecCifarGenerator(cDim > 0), ShapesOf(g));
        Assert.Equal(8, g.NumWs);
    }

    [Theory]
    [InlineData(0, 20_720_641L)]
    [InlineData(10, 23_089_664L)]
    public void CifarDiscriminatorMatchesTheSpec(int cDim, long parameters)
    {
        using var scope = NewDisposeScope();
        using var d = NetworkConfig.Cifar(32, 3, cDim).CreateDiscriminator();
        Assert.Equal(parameters, d.ParameterCount);
        AssertSameKeysAndShapes(SpecCifarDiscriminator(cDim > 0), ShapesOf(d));
    }

    [Fact]
    public void Generator64WithChannelBase16384AndEightMappingLayers()
    {
        using var scope = NewDisposeScope();
        using var g = new NetworkConfig { Resolution = 64, ChannelBase = 16384, MappingLayers = 8 }.CreateGenerator();
        Assert.Equal(23_819_544L, g.ParameterCount);
    }

    [Fact]
    public void ResnetDiscriminator64WithChannelBase16384()
    {
        using var scope = NewDisposeScope();
        using var d = new NetworkConfig { Resolution = 64, ChannelBase = 16384,
            DArchitecture = Architecture.Resnet }.CreateDiscriminator();
        Assert.Equal(23_407_361L, d.ParameterCount);
        var shapes = ShapesOf(d);
        // 'resnet' adds b{r}.skip.{weight [C_{r/2}, C_r, 1, 1], resample_filter} in every block.
        Assert.Equal("[512,256,1,1]", shapes["b64.skip.weight"]);
        Assert.Equal("[512,512,1,1]", shapes["b32.skip.weight"]);
        Assert.Equal("[4,4]", shapes["b8.skip.resample_filter"]);
        Assert.False(shapes.ContainsKey("b64.skip.bias"));
    }

    [Theory]
    [InlineData("cifar", 32, 512, 512, 32)]
    [InlineData("auto", 32, 512, 512, 4)]
    [InlineData("auto", 256, 64, 512, 4)]
    [InlineData("cpu", 32, 32, 256, 4)]
    public void PresetsGiveTheDocumentedWidths(string name, int res, int cTop, int c4, int mbstd)
    {
        var config = NetworkConfig.Preset(name, res);
        Assert.Equal(cTop, config.Channels(res));
        Assert.Equal(c4, config.Channels(4));
        Assert.Equal(mbstd, config.MbstdGroup);
        Assert.Equal(config, NetworkConfig.FromJson(config.ToJson()));
    }

    [Fact]
    public void CpuConfigurationSize()
    {
        using var scope = NewDisposeScope();
        var config = NetworkConfig.Cpu();
        using var g = config.CreateGenerator();
        using var d = config.CreateDiscriminator();
        Assert.Equal(1_670_131L, g.ParameterCount);
        Assert.Equal(2_265_889L, d.ParameterCount);
    }

    [Fact]
    public void AutoTrainingDefaultsFollowTheReferenceFormulas()
    {
        var t = TrainingDefaults.Auto(64);
        Assert.Equal(32, t.Batch);
        Assert.Equal(0.0002 * 64 * 64 / 32, t.Gamma, 12);
        Assert.Equal(10, t.EmaKimg, 12);
        Assert.Equal(64, TrainingDefaults.Auto(32, gpus: 2).Batch);
        Assert.Equal(0.01, TrainingDefaults.Cifar().Gamma);
    }

    [Theory]
    [InlineData(16, Architecture.Orig, Architecture.Orig, 0, 3)]
    [InlineData(16, Architecture.Skip, Architecture.Skip, 0, 1)]
    [InlineData(16, Architecture.Resnet, Architecture.Resnet, 5, 3)]
    [InlineData(32, Architecture.Skip, Architecture.Resnet, 0, 1)]
    public void EveryArchitectureRunsEndToEnd(int res, Architecture ga, Architecture da, int cDim, int channels)
    {
        using var scope = NewDisposeScope();
        var config = SmallNets.Config(res, ga, da, cDim, channels);
        using var g = config.CreateGenerator();
        using var d = config.CreateDiscriminator();
        var c = cDim > 0 ? eye(cDim).narrow(0, 0, 4) : null;
        var img = g.forward(randn(4, config.ZDim), c);
        Assert.Equal(new long[] { 4, channels, res, res }, img.shape);
        var logits = d.forward(img, c);
        Assert.Equal(new long[] { 4, 1 }, logits.shape);
        Assert.True(isfinite(logits).all().item<bool>());
    }

    [Theory]
    [InlineData(8)]
    [InlineData(64)]
    [InlineData(128)]
    [InlineData(256)]
    public void GeneratorAndDiscriminatorBuildAtPowerOfTwoResolutions(int res)
    {
        using var scope = NewDisposeScope();
        var config = SmallNets.Config(res) with { ChannelBase = 1024, ChannelMax = 8 };
        using var g = config.CreateGenerator();
        using var d = config.CreateDiscriminator();
        Assert.Equal(config.NumWs, g.NumWs);
        Assert.Equal(new long[] { 2, 1 }, d.forward(g.forward(randn(2, config.ZDim), noiseMode: NoiseMode.Const))
            .shape);
    }

    [Theory]
    [InlineData(24)]
    [InlineData(2048)]
    public void UnsupportedResolutionsAreRejected(int res)
        => Assert.Throws<ArgumentException>(() => SmallNets.Config() with { Resolution = res } is var c
            ? c.Validate()
            : null);
}
