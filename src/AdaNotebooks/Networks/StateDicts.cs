using System.Collections;
using System.Reflection;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace AdaNotebooks.Networks;

/// <summary>PyTorch state-dict files (<c>torch.save(module.state_dict())</c>, the zip format) read and written with
/// TorchSharp.PyBridge, plus strict loading into a module with readable errors (missing, unexpected and
/// mis-shaped keys are named).</summary>
public static class StateDicts
{
    // PyBridge's reader (internal in 1.4.4): UnpickleStateDict(Stream, bool leaveOpen, ...optional flags).
    static readonly MethodInfo? Unpickle = typeof(PyBridgeModuleExtensions).Assembly
        .GetType("TorchSharp.PyBridge.PyTorchUnpickler")?
        .GetMethods(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic)
        .FirstOrDefault(m => m.Name == "UnpickleStateDict" && m.GetParameters() is [{ ParameterType: var s }, ..]
            && s == typeof(Stream));

    /// <summary>Reads a state dict (name -> tensor, on the CPU) from a PyTorch file.</summary>
    public static Dictionary<string, Tensor> Read(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"state dict not found: {path}", path);
        using var stream = File.OpenRead(path);
        return Read(stream, path);
    }

    public static Dictionary<string, Tensor> Read(Stream stream, string name)
    {
        if (Unpickle is null)
            throw new InvalidOperationException("TorchSharp.PyBridge's state-dict reader was not found (unexpected " +
                                                "PyBridge version)");
        var seekable = stream;
        if (!stream.CanSeek)
        {
            seekable = new MemoryStream();
            stream.CopyTo(seekable);
            seekable.Position = 0;
        }
        var header = new byte[4];
        long start = seekable.Position;
        if (seekable.Read(header, 0, 4) != 4 || header[0] != 0x50 || header[1] != 0x4b)
            throw new InvalidDataException($"{name}: not a PyTorch state dict in the zip format " +
                                           "(torch.save(module.state_dict(), path) writes one; a .pkl pickle must be " +
                                           "converted first)");
        seekable.Position = start;
        object? result;
        var args = Unpickle.GetParameters()
            .Select((p, i) => i == 0
                ? seekable
                : p.Name == "leaveOpen"
                ? true
                : p.HasDefaultValue
                ? p.DefaultValue
                : null)
            .ToArray();
        try { result = Unpickle.Invoke(null, args); }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            throw new InvalidDataException($"{name}: cannot read the state dict: {e.InnerException.Message}");
        }
        if (result is not IDictionary dict)
            throw new InvalidDataException($"{name}: the file does not hold a state dict");
        var sd = new Dictionary<string, Tensor>();
        foreach (DictionaryEntry e in dict)
            if (e.Key is string key && e.Value is Tensor t) sd[key] = t;
        return sd;
    }

    /// <summary>Writes the module's parameters and buffers as a PyTorch state dict (torch.load reads it).</summary>
    public static void Write(nn.Module module, Stream stream) => module.save_py(stream, leaveOpen: true);

    public static void Write(nn.Module module, string path)
    {
        using var stream = File.Create(path);
        Write(module, stream);
    }

    /// <summary>Copies every tensor of <paramref name="stateDict"/> into <paramref name="module"/>. Strict: the key
    /// sets
    /// must be equal and the shapes must agree (a one-element tensor may stand for a scalar). Nothing is changed
    /// unless everything fits.</summary>
    public static void Load(nn.Module module, IReadOnlyDictionary<string, Tensor> stateDict, string what)
    {
        var target = module.state_dict();
        var missing = target.Keys.Where(k => !stateDict.ContainsKey(k)).ToList();
        var unexpected = stateDict.Keys.Where(k => !target.ContainsKey(k)).ToList();
        if (missing.Count > 0 || unexpected.Count > 0)
        {
            var parts = new List<string>();
            if (missing.Count > 0)
                parts.Add($"missing {missing.Count} key(s): " +
                          $"{string.Join(", ", missing.Take(5))}{(missing.Count > 5 ? ", ..." : "")}");
            if (unexpected.Count > 0)
                parts.Add($"unexpected {unexpected.Count} key(s): " +
                          $"{string.Join(", ", unexpected.Take(5))}{(unexpected.Count > 5 ? ", ..." : "")}");
            throw new InvalidDataException($"{what} does not fit the network: {string.Join("; ", parts)}");
        }
        foreach (var (key, t) in target)
        {
            var s = stateDict[key];
            bool sameShape = s.shape.SequenceEqual(t.shape);
            if (!sameShape && !(s.numel() == t.numel() && t.numel() == 1))
                throw new InvalidDataException($"{what} does not fit the network: '{key}' has shape " +
                                               $"[{string.Join(", ", s.shape)}], the network wants " +
                                               $"[{string.Join(", ", t.shape)}]");
        }
        using var noGrad = no_grad();
        foreach (var (key, t) in target)
        {
            using var scope = NewDisposeScope();
            t.copy_(stateDict[key].reshape(t.shape).to(t.dtype));
        }
    }

    /// <summary>Names and shapes of a module's state dict, in registration order.</summary>
    public static IReadOnlyList<(string Key, long[] Shape)> Shapes(nn.Module module)
        => module.state_dict().Select(kv => (kv.Key, kv.Value.shape)).ToList();
}
