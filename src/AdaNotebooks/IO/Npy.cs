using System.Text;
using System.Text.RegularExpressions;
using static TorchSharp.torch;

namespace AdaNotebooks.IO;

/// <summary>NumPy .npy files (format 1.0/2.0/3.0) holding little-endian float32, float64 or uint8 arrays in C
/// order: what `ada augment`, `ada generate` and `ada score` read and write, and what NumPy users hand over.</summary>
public static partial class Npy
{
    static readonly byte[] Magic = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    /// <summary>Reads an array as a float32 tensor (float64 and uint8 are converted; uint8 stays 0..255).</summary>
    public static Tensor Read(string path)
    {
        using var stream = File.OpenRead(path);
        return Read(stream, path);
    }

    public static Tensor Read(Stream stream, string name)
    {
        var reader = new BinaryReader(stream);
        var magic = reader.ReadBytes(6);
        if (!magic.AsSpan().SequenceEqual(Magic))
            throw new InvalidDataException($"{name}: not a .npy file (bad magic)");
        int major = reader.ReadByte();
        reader.ReadByte();
        int headerLength = major == 1
            ? reader.ReadUInt16()
            : major is 2 or 3
            ? checked((int)reader.ReadUInt32())
            : throw new InvalidDataException($"{name}: unsupported .npy version {major}");
        var header = Encoding.UTF8.GetString(reader.ReadBytes(headerLength));

        var descr = DescrRegex().Match(header);
        var order = FortranRegex().Match(header);
        var shapeMatch = ShapeRegex().Match(header);
        if (!descr.Success || !order.Success || !shapeMatch.Success)
            throw new InvalidDataException($"{name}: malformed .npy header: {header.Trim()}");
        if (order.Groups[1].Value == "True")
            throw new InvalidDataException($"{name}: Fortran-ordered arrays are not supported; save with " +
                                           "np.ascontiguousarray");
        var shape = shapeMatch.Groups[1]
            .Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(long.Parse)
                .ToArray();
        long count = shape.Aggregate(1L, (a, b) => a * b);

        var (type, size) = descr.Groups[1].Value switch
        {
            "<f4" => (ScalarType.Float32, 4),
            "<f8" => (ScalarType.Float64, 8),
            "|u1" or "<u1" => (ScalarType.Byte, 1),
            var d => throw new InvalidDataException($"{name}: dtype '{d}' is not supported; use float32, float64 or " +
                                                    "uint8"),
        };
        long bytes = count * size;
        if (bytes > int.MaxValue) throw new InvalidDataException($"{name}: array of {bytes} bytes is too large");
        var data = reader.ReadBytes((int)bytes);
        if (data.Length != bytes)
            throw new InvalidDataException($"{name}: file is truncated ({data.Length} of {bytes} data bytes)");

        using var scope = NewDisposeScope();
        Tensor t = type switch
        {
            ScalarType.Byte => tensor(data, shape, ScalarType.Byte),
            ScalarType.Float64 => tensor(MemoryMarshalCast<double>(data), shape),
            _ => tensor(MemoryMarshalCast<float>(data), shape),
        };
        return t.to(float32).MoveToOuterDisposeScope();
    }

    static T[] MemoryMarshalCast<T>(byte[] data) where T : struct
        => System.Runtime.InteropServices.MemoryMarshal.Cast<byte, T>(data).ToArray();

    /// <summary>Writes a tensor as a float32 .npy file (format 1.0).</summary>
    public static void Write(string path, Tensor t)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir is not null) Directory.CreateDirectory(dir);
        using var stream = File.Create(path);
        Write(stream, t);
    }

    public static void Write(Stream stream, Tensor t)
    {
        float[] values;
        using (var scope = NewDisposeScope())
            values = t.detach().cpu().to(float32).contiguous().data<float>().ToArray();
        var shape = t.shape.Length == 1 ? $"({t.shape[0]},)" : $"({string.Join(", ", t.shape)})";
        var header = $"{{'descr': '<f4', 'fortran_order': False, 'shape': {shape}, }}";
        int total = 10 + header.Length + 1;
        header = header.PadRight(header.Length + (64 - total % 64) % 64) + "\n";
        var w = new BinaryWriter(stream);
        w.Write(Magic);
        w.Write((byte)1);
        w.Write((byte)0);
        w.Write((ushort)header.Length);
        w.Write(Encoding.ASCII.GetBytes(header));
        w.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()));
        w.Flush();
    }

    [GeneratedRegex(@"'descr'\s*:\s*'([^']+)'")] private static partial Regex DescrRegex();
    [GeneratedRegex(@"'fortran_order'\s*:\s*(True|False)")] private static partial Regex FortranRegex();
    [GeneratedRegex(@"'shape'\s*:\s*\(([^)]*)\)")] private static partial Regex ShapeRegex();
}
