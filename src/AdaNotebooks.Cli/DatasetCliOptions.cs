using System.CommandLine;
using System.Globalization;
using AdaNotebooks.Data;
using SixLabors.ImageSharp.PixelFormats;

namespace AdaNotebooks.Cli;

/// <summary>The decoding options every `ada dataset` verb shares (--res, --filter, --crop, --channels,
/// --background).</summary>
public sealed class DatasetCliOptions
{
    public Option<int?> Resolution { get; } = new("--res")
    {
        Description = "Resize every image to RxR (crop or pad to square first). Without it all images must have one " +
                      "size.",
    };
    public Option<string> Filter { get; } = new("--filter")
    {
        Description = "Resampling filter: lanczos (like the reference's dataset tool) or box (area average; the " +
                      "reference's published FFHQ numbers need box).",
        DefaultValueFactory = _ => "lanczos",
    };
    public Option<string> Crop { get; } = new("--crop")
    {
        Description = "Non-square images: center (keep the central square) or pad (keep everything, fill with the " +
                      "background).",
        DefaultValueFactory = _ => "center",
    };
    public Option<int?> Channels { get; } = new("--channels")
    {
        Description = "Convert every image to 1 (gray) or 3 (RGB) channels. Without it all images must agree.",
    };
    public Option<string> Background { get; } = new("--background")
    {
        Description = "What transparent pixels become: white, black, gray, a value 0-255 or R,G,B.",
        DefaultValueFactory = _ => "white",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(Resolution);
        command.Options.Add(Filter);
        command.Options.Add(Crop);
        command.Options.Add(Channels);
        command.Options.Add(Background);
    }

    public DecodeOptions Read(ParseResult parse)
    {
        var options = new DecodeOptions
        {
            Resolution = parse.GetValue(Resolution),
            Filter = parse.GetValue(Filter)?.ToLowerInvariant() switch
            {
                "lanczos" => ResizeFilter.Lanczos,
                "box" => ResizeFilter.Box,
                var f => throw new ArgumentException($"--filter {f}: expected box or lanczos"),
            },
            Crop = parse.GetValue(Crop)?.ToLowerInvariant() switch
            {
                "center" => CropMode.Center,
                "pad" => CropMode.Pad,
                var c => throw new ArgumentException($"--crop {c}: expected center or pad"),
            },
            Channels = parse.GetValue(Channels),
            Background = ParseColor(parse.GetValue(Background) ?? "white"),
        };
        options.Validate();
        return options;
    }

    /// <summary>white, black, gray, "V" (gray level) or "R,G,B", each 0-255.</summary>
    public static Rgb24 ParseColor(string text)
    {
        switch (text.Trim().ToLowerInvariant())
        {
            case "white": return new Rgb24(255, 255, 255);
            case "black": return new Rgb24(0, 0, 0);
            case "gray" or "grey": return new Rgb24(128, 128, 128);
        }
        var parts = text.Split(',');
        var values = parts.Select(p => byte.TryParse(p.Trim(), NumberStyles.None, CultureInfo.InvariantCulture,
            out var v) ? v : (int?)null).ToArray();
        if (values.Any(v => v is null) || parts.Length is not (1 or 3))
            throw new ArgumentException($"--background {text}: expected white, black, gray, a value 0-255 or R,G,B");
        return parts.Length == 1
            ? new Rgb24((byte)values[0]!, (byte)values[0]!, (byte)values[0]!)
            : new Rgb24((byte)values[0]!, (byte)values[1]!, (byte)values[2]!);
    }
}
