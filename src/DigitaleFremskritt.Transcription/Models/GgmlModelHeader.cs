using System.Buffers.Binary;
using System.Text;

namespace DigitaleFremskritt.Transcription.Models;

/// <summary>
/// The hyperparameters at the start of a whisper.cpp ggml model: uint32 magic 0x67676d6c, then 11 int32 values,
/// all little-endian. Reading them catches the usual wrong downloads (an HTML error page, a Git LFS pointer,
/// a GGUF or PyTorch file) without loading the native runtime.
/// </summary>
public sealed record GgmlModelHeader(
    int Vocabulary,
    int AudioContext,
    int AudioState,
    int AudioHeads,
    int AudioLayers,
    int TextContext,
    int TextState,
    int TextHeads,
    int TextLayers,
    int Mels,
    int FileType)
{
    public const uint Magic = 0x67676d6c;
    public const int Size = 4 + (11 * 4);

    /// <summary>Reads the header of <paramref name="path"/>; on failure <paramref name="problem"/> says why, in a few words.</summary>
    public static bool TryRead(string path, out GgmlModelHeader? header, out string problem)
    {
        header = null;
        var bytes = new byte[Size];
        int read;
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read))
        {
            read = stream.ReadAtLeast(bytes, bytes.Length, throwOnEndOfStream: false);
        }

        return TryParse(bytes.AsSpan(0, read), out header, out problem);
    }

    public static bool TryParse(ReadOnlySpan<byte> start, out GgmlModelHeader? header, out string problem)
    {
        header = null;
        if (start.Length < 4 || BinaryPrimitives.ReadUInt32LittleEndian(start) != Magic)
        {
            problem = $"not a ggml Whisper model ({Describe(start)})";
            return false;
        }

        if (start.Length < Size)
        {
            problem = "not a ggml Whisper model (the file ends inside the header)";
            return false;
        }

        var v = new int[11];
        for (var i = 0; i < v.Length; i++)
        {
            v[i] = BinaryPrimitives.ReadInt32LittleEndian(start[(4 + (i * 4))..]);
        }

        var candidate = new GgmlModelHeader(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10]);
        if (!candidate.IsPlausible)
        {
            problem = "not a ggml Whisper model (the ggml header holds implausible values; the file may be damaged)";
            return false;
        }

        header = candidate;
        problem = "";
        return true;
    }

    /// <summary>Generous bounds: real models range from tiny (384 wide, 4 layers) to large (1280 wide, 32 layers, 128 mels).</summary>
    private bool IsPlausible =>
        Vocabulary is > 0 and <= 1_000_000
        && AudioContext is > 0 and <= 100_000
        && TextContext is > 0 and <= 100_000
        && AudioState is > 0 and <= 65_536
        && TextState is > 0 and <= 65_536
        && AudioHeads is > 0 and <= 1024
        && TextHeads is > 0 and <= 1024
        && AudioLayers is > 0 and <= 1024
        && TextLayers is > 0 and <= 1024
        && Mels is > 0 and <= 1024
        // whisper.cpp stores quantised models as ftype + 1000 * quantisation version.
        && FileType is >= 0 and < 100_000 && FileType % 1000 < 100;

    private static string Describe(ReadOnlySpan<byte> start)
    {
        if (start.IsEmpty)
        {
            return "the file is empty";
        }

        var text = Encoding.ASCII.GetString(start).TrimStart();
        if (text.StartsWith('<') || text.StartsWith('{'))
        {
            return "it looks like a web page or an error message, not model data";
        }

        if (text.StartsWith("version https://git-lfs", StringComparison.Ordinal))
        {
            return "it is a Git LFS pointer, not the model itself";
        }

        if (text.StartsWith("GGUF", StringComparison.Ordinal))
        {
            return "it is a GGUF file; Whisper.net needs whisper.cpp's ggml format";
        }

        if (text.StartsWith("PK", StringComparison.Ordinal))
        {
            return "it is a zip archive, perhaps a PyTorch checkpoint";
        }

        return "no ggml magic number at the start";
    }
}
