using System.Text;
using AdaNotebooks.IO;
using static TorchSharp.torch;

namespace AdaNotebooks.Tests.IO;

public class NpyTests
{
    [Fact]
    public void RoundTripsFloat32Exactly()
    {
        using var scope = NewDisposeScope();
        var x = randn(2, 3, 4, 5);
        using var ms = new MemoryStream();
        Npy.Write(ms, x);
        Assert.Equal(0, (ms.Length - 2 * 3 * 4 * 5 * 4) % 64); // the header is padded to a multiple of 64
        ms.Position = 0;
        var y = Npy.Read(ms, "memory");
        Assert.Equal(x.shape, y.shape);
        Assert.True(x.eq(y).all().item<bool>());
    }

    [Fact]
    public void ReadsWhatNumPyWrites()
    {
        // np.save of np.array([[1, 2], [3, 250]], dtype=np.uint8), byte for byte (header padded to 64).
        var header = "{'descr': '|u1', 'fortran_order': False, 'shape': (2, 2), }";
        header = header.PadRight(64 - 10 - 1) + "\n";
        var bytes = new List<byte> { 0x93 };
        bytes.AddRange(Encoding.ASCII.GetBytes("NUMPY"));
        bytes.AddRange([1, 0, (byte)header.Length, 0]);
        bytes.AddRange(Encoding.ASCII.GetBytes(header));
        bytes.AddRange([1, 2, 3, 250]);
        using var y = Npy.Read(new MemoryStream(bytes.ToArray()), "u8");
        Assert.Equal(new long[] { 2, 2 }, y.shape);
        Assert.Equal(new float[] { 1, 2, 3, 250 }, y.data<float>().ToArray());
    }

    [Fact]
    public void TruncatedFileIsAClearError()
    {
        using var scope = NewDisposeScope();
        using var ms = new MemoryStream();
        Npy.Write(ms, ones(10));
        var cut = ms.ToArray()[..^8];
        var e = Assert.Throws<InvalidDataException>(() => Npy.Read(new MemoryStream(cut), "cut.npy"));
        Assert.Contains("cut.npy", e.Message);
        Assert.Contains("truncated", e.Message);
        Assert.Throws<InvalidDataException>(() => Npy.Read(new MemoryStream(Encoding.ASCII.GetBytes("hello world, " +
            "not numpy")), "text.npy"));
    }
}
