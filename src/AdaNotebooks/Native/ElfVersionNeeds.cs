using System.Buffers.Binary;
using System.Text;

namespace AdaNotebooks.Native;

/// <summary>One entry of an ELF file's version-needs table (.gnu.version_r): "this library needs
/// <see cref="Version"/> from <see cref="File"/>". Bit 0x2 of <see cref="Flags"/> is VER_FLG_WEAK.</summary>
public sealed record VersionNeed(string File, string Version, ushort Flags, long FlagsOffset)
{
    public const ushort WeakFlag = 0x2;
    public bool IsWeak => (Flags & WeakFlag) != 0;
}

/// <summary>Reads and edits the version-needs table of a 64-bit little-endian ELF shared library.
/// Marking a version requirement weak makes the dynamic loader accept a library that lacks that version
/// (it only warns), which is how a binary built against a newer libstdc++ runs on an older one when no
/// symbol actually depends on the newer version.</summary>
public static class ElfVersionNeeds
{
    const uint ShtGnuVerneed = 0x6ffffffe;

    public static IReadOnlyList<VersionNeed> Read(string path) => Parse(File.ReadAllBytes(path), path);

    /// <summary>Sets VER_FLG_WEAK on the requirement named <paramref name="version"/>. Writes a patched copy
    /// beside the file and renames it over the original, so the file is never half-written. Returns true
    /// if the file changed; false if the requirement is absent or already weak.</summary>
    public static bool MarkWeak(string path, string version)
    {
        var bytes = File.ReadAllBytes(path);
        var targets = Parse(bytes, path).Where(n => n.Version == version && !n.IsWeak).ToList();
        if (targets.Count == 0) return false;
        foreach (var need in targets)
            BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan((int)need.FlagsOffset),
                (ushort)(need.Flags | VersionNeed.WeakFlag));

        var temp = $"{path}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        try
        {
            File.WriteAllBytes(temp, bytes);
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(temp, File.GetUnixFileMode(path));
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
        return true;
    }

    static IReadOnlyList<VersionNeed> Parse(byte[] b, string path)
    {
        if (b.Length < 64 || b[0] != 0x7f || b[1] != (byte)'E' || b[2] != (byte)'L' || b[3] != (byte)'F')
            throw new InvalidDataException($"{path}: not an ELF file");
        if (b[4] != 2 || b[5] != 1)
            throw new InvalidDataException($"{path}: only 64-bit little-endian ELF files are supported");

        var span = b.AsSpan();
        long shoff = (long)U64(span, 0x28);
        int shentsize = U16(span, 0x3A), shnum = U16(span, 0x3C);
        if (shoff <= 0 || shoff + (long)shentsize * shnum > b.Length)
            throw new InvalidDataException($"{path}: section header table lies outside the file");

        var result = new List<VersionNeed>();
        for (int s = 0; s < shnum; s++)
        {
            int sh = checked((int)(shoff + (long)s * shentsize));
            if (U32(span, sh + 4) != ShtGnuVerneed) continue;
            long offset = (long)U64(span, sh + 24);
            int link = (int)U32(span, sh + 40), count = (int)U32(span, sh + 44);
            long strOffset = (long)U64(span, checked((int)(shoff + (long)link * shentsize)) + 24);

            int vn = checked((int)offset);
            for (int i = 0; i < count; i++)
            {
                int cnt = U16(span, vn + 2);
                string file = CString(b, strOffset + U32(span, vn + 4));
                int aux = vn + (int)U32(span, vn + 8);
                for (int j = 0; j < cnt; j++)
                {
                    result.Add(new VersionNeed(file, CString(b, strOffset + U32(span, aux + 8)), U16(span, aux + 4),
                        aux + 4));
                    uint nextAux = U32(span, aux + 12);
                    if (nextAux == 0) break;
                    aux += (int)nextAux;
                }
                uint next = U32(span, vn + 12);
                if (next == 0) break;
                vn += (int)next;
            }
        }
        return result;
    }

    static ushort U16(ReadOnlySpan<byte> s, int at) => BinaryPrimitives.ReadUInt16LittleEndian(s[at..]);
    static uint U32(ReadOnlySpan<byte> s, int at) => BinaryPrimitives.ReadUInt32LittleEndian(s[at..]);
    static ulong U64(ReadOnlySpan<byte> s, int at) => BinaryPrimitives.ReadUInt64LittleEndian(s[at..]);

    static string CString(byte[] b, long at)
    {
        int start = checked((int)at), end = Array.IndexOf(b, (byte)0, start);
        return Encoding.ASCII.GetString(b, start, end - start);
    }
}
