using System.Globalization;
using System.Text.Json;
using AdaNotebooks.Augmentation;
using AdaNotebooks.IO;
using static TorchSharp.torch;

namespace AdaNotebooks.Tests.Augmentation;

/// <summary>The pipeline reproduces the reference implementation (NVlabs/stylegan2-ada-pytorch, training/augment.py,
/// run on the CPU by bench/reference/make_augment_fixtures.py) to within 1e-4, for every op, strength overrides
/// and the presets, in the deterministic debug-percentile mode; and p = 0 against the reference's identity
/// resample.</summary>
public class ReferenceParityTests
{
    static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "Augmentation", "Reference");

    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, "manifest.json")));
        foreach (var c in doc.RootElement.EnumerateArray()) data.Add(c.GetProperty("name").GetString()!);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void MatchesTheReference(string name)
    {
        using var scope = NewDisposeScope();
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, "manifest.json")));
        var c = doc.RootElement.EnumerateArray().Single(e => e.GetProperty("name").GetString() == name);
        var spec = AugmentSpec.Ops(c.GetProperty("ops").EnumerateObject().Select(o => o.Name));
        foreach (var s in c.GetProperty("settings").EnumerateObject())
            spec = spec.With(s.Name, s.Value.ValueKind == JsonValueKind.Array
                ? string.Join(",", s.Value.EnumerateArray()
                    .Select(v => v.GetDouble().ToString(CultureInfo.InvariantCulture)))
                : s.Value.GetDouble().ToString(CultureInfo.InvariantCulture));
        var input = Npy.Read(Path.Combine(Folder, $"input_{c.GetProperty("input").GetString()}.npy"));
        var expected = Npy.Read(Path.Combine(Folder, c.GetProperty("output").GetString()!));

        var pipe = new AugmentPipe(spec);
        Tensor actual;
        if (c.GetProperty("q").ValueKind == JsonValueKind.Number)
            actual = pipe.AugmentAtPercentile(input, c.GetProperty("q").GetDouble());
        else
        {
            pipe.P = c.GetProperty("p").GetDouble();
            actual = pipe.Augment(input);
        }
        Assert.Equal(expected.shape, actual.shape);
        var error = actual.sub(expected).abs().max().item<float>();
        Assert.True(error < 1e-4f, $"{name}: max |ours - reference| = {error}");
    }
}
