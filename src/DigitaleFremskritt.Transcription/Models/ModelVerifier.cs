using System.Security.Cryptography;

namespace DigitaleFremskritt.Transcription.Models;

/// <summary>What `models verify` found for one file.</summary>
/// <param name="Matches">Whether the SHA-256 equals the expected one; null when no checksum was expected.</param>
/// <param name="Message">One line for the console.</param>
public sealed record ModelVerification(
    string Path,
    bool Exists,
    long Bytes,
    string? Sha256,
    bool IsGgml,
    bool? Matches,
    string Message)
{
    /// <summary>The file can be used: it exists, is a ggml model, and matches its checksum if it has one.</summary>
    public bool IsValid => Exists && IsGgml && Matches != false;
}

/// <summary>Checks a model file on disk: present, a ggml Whisper model, and the expected SHA-256 when one is pinned.</summary>
public static class ModelVerifier
{
    public static ModelVerification Verify(string path, string? expectedSha256, CancellationToken cancellationToken = default)
    {
        var full = System.IO.Path.GetFullPath(path);
        if (!File.Exists(full))
        {
            return new(full, false, 0, null, false, null, $"{full} does not exist");
        }

        try
        {
            var bytes = new FileInfo(full).Length;
            var isGgml = GgmlModelHeader.TryRead(full, out _, out var problem);
            var sha256 = HashFile(full, cancellationToken);
            var expected = NormaliseSha256(expectedSha256);
            bool? matches = expected is null ? null : string.Equals(sha256, expected, StringComparison.Ordinal);

            var message =
                !isGgml ? $"{full} is {problem}"
                : matches == false ? $"checksum mismatch: {full} has SHA-256 {sha256}, expected {expected}"
                : matches == true ? $"{full} is a ggml Whisper model ({Size(bytes)}, SHA-256 {sha256} as expected)"
                : $"{full} is a ggml Whisper model ({Size(bytes)}, SHA-256 {sha256}; no checksum pinned)";
            return new(full, true, bytes, sha256, isGgml, matches, message);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return new(full, true, 0, null, false, null, $"cannot read {full}: {ex.Message}");
        }
    }

    /// <summary>Lower-case hex without surrounding blanks or a "sha256:" prefix; null when empty.</summary>
    public static string? NormaliseSha256(string? sha256)
    {
        if (string.IsNullOrWhiteSpace(sha256))
        {
            return null;
        }

        var trimmed = sha256.Trim();
        if (trimmed.StartsWith("sha256:", StringComparison.OrdinalIgnoreCase))
        {
            trimmed = trimmed["sha256:".Length..];
        }

        return trimmed.ToLowerInvariant();
    }

    internal static string HashFile(string path, CancellationToken cancellationToken)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[1 << 20];
        int read;
        while ((read = stream.Read(buffer)) > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            hash.AppendData(buffer, 0, read);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    internal static string Size(long bytes) =>
        bytes >= 1 << 30 ? FormattableString.Invariant($"{bytes / (double)(1 << 30):0.0} GiB")
        : bytes >= 1 << 20 ? FormattableString.Invariant($"{bytes / (double)(1 << 20):0.0} MiB")
        : FormattableString.Invariant($"{bytes} bytes");
}
