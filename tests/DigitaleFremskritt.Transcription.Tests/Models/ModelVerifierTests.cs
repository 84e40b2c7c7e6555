using System.Security.Cryptography;
using DigitaleFremskritt.TestSupport;
using DigitaleFremskritt.Transcription.Models;

namespace DigitaleFremskritt.Transcription.Tests.Models;

public sealed class ModelVerifierTests : IDisposable
{
    private readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public void A_missing_file_says_so()
    {
        var path = temp.File("ggml-small.bin");

        var result = ModelVerifier.Verify(path, null);

        Assert.False(result.Exists);
        Assert.False(result.IsValid);
        Assert.Equal($"{path} does not exist", result.Message);
    }

    [Fact]
    public void A_tiny_whisper_model_is_a_valid_ggml_model_and_its_hash_is_reported()
    {
        var path = TinyWhisperModel.Write(temp.File("ggml-tiny.bin"));
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));

        var result = ModelVerifier.Verify(path, null);

        Assert.True(result.IsValid);
        Assert.True(result.IsGgml);
        Assert.Null(result.Matches);
        Assert.Equal(sha256, result.Sha256);
        Assert.Equal(new FileInfo(path).Length, result.Bytes);
        Assert.StartsWith($"{path} is a ggml Whisper model (", result.Message, StringComparison.Ordinal);
        Assert.Contains(sha256, result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_pinned_checksum_matches_whatever_its_case_or_prefix()
    {
        var path = TinyWhisperModel.Write(temp.File("ggml-tiny.bin"));
        var sha256 = Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)));

        var result = ModelVerifier.Verify(path, $" sha256:{sha256} ");

        Assert.True(result.Matches);
        Assert.True(result.IsValid);
    }

    [Fact]
    public void A_checksum_mismatch_names_both_hashes()
    {
        var path = TinyWhisperModel.Write(temp.File("ggml-tiny.bin"));
        var wrong = new string('a', 64);

        var result = ModelVerifier.Verify(path, wrong);

        Assert.False(result.Matches);
        Assert.False(result.IsValid);
        Assert.True(result.IsGgml);
        Assert.Equal($"checksum mismatch: {path} has SHA-256 {result.Sha256}, expected {wrong}", result.Message);
    }

    public static TheoryData<string, byte[], string> NotModels => new()
    {
        { "html", "<!DOCTYPE html>\n<html><body>404</body></html>"u8.ToArray(), "web page" },
        { "lfs", "version https://git-lfs.github.com/spec/v1\noid sha256:abc\nsize 1\n"u8.ToArray(), "Git LFS pointer" },
        { "gguf", [.. "GGUF"u8, .. new byte[60]], "GGUF" },
        { "empty", [], "empty" },
        { "random", [.. Enumerable.Range(0, 100).Select(i => (byte)(i * 7 + 3))], "no ggml magic number" },
        { "magic, then zeros", [0x6c, 0x6d, 0x67, 0x67, .. new byte[44]], "implausible" },
        { "magic, then nothing", [0x6c, 0x6d, 0x67, 0x67, 1, 0], "ends inside the header" },
    };

    [Theory]
    [MemberData(nameof(NotModels))]
    public void A_file_that_is_not_a_ggml_model_is_rejected(string name, byte[] content, string reason)
    {
        var path = temp.File($"{name}.bin");
        File.WriteAllBytes(path, content);

        var result = ModelVerifier.Verify(path, null);

        Assert.True(result.Exists);
        Assert.False(result.IsGgml);
        Assert.False(result.IsValid);
        Assert.StartsWith($"{path} is not a ggml Whisper model (", result.Message, StringComparison.Ordinal);
        Assert.Contains(reason, result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_header_of_a_tiny_model_is_read_as_written()
    {
        var path = TinyWhisperModel.Write(temp.File("ggml-tiny.bin"), state: 16, heads: 2);

        Assert.True(GgmlModelHeader.TryRead(path, out var header, out _));
        Assert.Equal(new GgmlModelHeader(51865, 1500, 16, 2, 1, 448, 16, 2, 1, 80, 1), header);
    }
}
