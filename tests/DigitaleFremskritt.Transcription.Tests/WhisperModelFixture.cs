using DigitaleFremskritt.TestSupport;

namespace DigitaleFremskritt.Transcription.Tests;

/// <summary>Writes the tiny random-weight ggml model once for all tests that run the real Whisper.net runtime.</summary>
public sealed class WhisperModelFixture : IDisposable
{
    public WhisperModelFixture()
    {
        Environment.SetEnvironmentVariable("GGML_NO_BACKTRACE", "1");
        Folder = new TempFolder("whisper modell");
        ModelPath = TinyWhisperModel.Write(Folder.File("ggml-tiny-test.bin"));
    }

    public TempFolder Folder { get; }

    public string ModelPath { get; }

    public void Dispose() => Folder.Dispose();
}

[CollectionDefinition(Name)]
public sealed class WhisperCollection : ICollectionFixture<WhisperModelFixture>
{
    public const string Name = "whisper";
}

/// <summary>A test that needs a real Whisper model: runs when WHISPER_MODEL points at one, and says why it skipped otherwise.</summary>
public sealed class RealModelFactAttribute : FactAttribute
{
    public RealModelFactAttribute()
    {
        var path = Environment.GetEnvironmentVariable("WHISPER_MODEL");
        if (string.IsNullOrEmpty(path) || !File.Exists(path))
        {
            Skip = "WHISPER_MODEL is not set to a ggml model file (e.g. ggml-base.bin); no real model can be downloaded on this machine";
        }
    }
}
