using DigitaleFremskritt.Domain;
using DigitaleFremskritt.TestSupport;

namespace DigitaleFremskritt.Transcription.Tests;

/// <summary>The real Whisper.net runtime with the tiny test model: assertions on structure, not words.</summary>
[Collection(WhisperCollection.Name)]
public sealed class WhisperTranscriberTests(WhisperModelFixture model) : IDisposable
{
    private static readonly WhisperSettings Fast = new("no", "Kommunett, gevinstrealisering, Trøndelag", 2, 0f);
    private readonly TempFolder temp = new();

    [Fact]
    public async Task Segments_come_back_inside_the_speech_regions_and_in_order()
    {
        var wav = TestMedia.Speech(temp.File("tale.wav"), 1, -3, 16000);
        var regions = SpeechDetector.Detect(wav, -45);
        using var transcriber = WhisperTranscriber.Load(model.ModelPath);
        var reported = new List<TimeSpan>();

        var segments = new List<TranscriptSegment>();
        await foreach (var segment in transcriber.TranscribeAsync(wav, regions, Fast, new InlineProgress<TimeSpan>(reported.Add)))
        {
            segments.Add(segment);
        }

        Assert.NotEmpty(regions);
        Assert.NotEmpty(segments);
        Assert.All(segments, s => Assert.Contains(regions, r => s.Start >= r.Start && s.End <= r.End && s.Start <= s.End));
        Assert.NotEmpty(reported);
        Assert.Equal(regions[^1].End, reported[^1]);
    }

    [Fact]
    public async Task Silence_gives_no_regions_and_no_text()
    {
        var wav = temp.File("stille.wav");
        TestMedia.Run("sox", "-n", "-r", "16000", "-c", "1", "-b", "16", wav, "trim", "0", "20");
        using var transcriber = WhisperTranscriber.Load(model.ModelPath);

        var regions = SpeechDetector.Detect(wav, -45);
        var segments = new List<TranscriptSegment>();
        await foreach (var segment in transcriber.TranscribeAsync(wav, regions, Fast))
        {
            segments.Add(segment);
        }

        Assert.Empty(regions);
        Assert.Empty(segments);
    }

    [Fact]
    public async Task Cancellation_stops_transcription()
    {
        var wav = TestMedia.LongSpeech(temp.File("lang.wav"), 60, 1, -3);
        var wav16 = temp.File("lang16.wav");
        TestMedia.Run("sox", wav, "-r", "16000", wav16);
        using var transcriber = WhisperTranscriber.Load(model.ModelPath);
        using var cancel = new CancellationTokenSource();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var _ in transcriber.TranscribeAsync(wav16, SpeechDetector.Detect(wav16, -45), Fast, null, cancel.Token))
            {
                cancel.Cancel();
            }
        });
    }

    [Fact]
    public void A_missing_or_broken_model_says_so()
    {
        var missing = Assert.Throws<TranscriptionException>(() => WhisperTranscriber.Load(temp.File("finnes-ikke.bin")));
        File.WriteAllText(temp.File("tull.bin"), "ikke en modell");
        var broken = Assert.Throws<TranscriptionException>(() => WhisperTranscriber.Load(temp.File("tull.bin")));

        Assert.Contains("does not exist", missing.Message, StringComparison.Ordinal);
        Assert.Contains("cannot be loaded", broken.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("no", "no")]
    [InlineData("nb", "no")]
    [InlineData("NB-NO", "no")]
    [InlineData("nn", "nn")]
    [InlineData("en", "en")]
    [InlineData("auto", "auto")]
    public void Language_codes_are_mapped_to_whispers(string configured, string expected)
    {
        Assert.Equal(expected, WhisperTranscriber.WhisperLanguage(configured));
    }

    [Fact]
    public void An_unknown_language_is_a_clear_error()
    {
        var error = Assert.Throws<TranscriptionException>(() => WhisperTranscriber.WhisperLanguage("klingon"));

        Assert.Contains("'klingon' is not a language Whisper knows", error.Message, StringComparison.Ordinal);
    }

    [RealModelFact]
    public async Task A_real_model_transcribes_norwegian_speech()
    {
        var wav = TestMedia.Speech(temp.File("tale.wav"), 1, -3, 16000, "Velkommen til Digitale Fremskritt. I dag snakker vi om kommunene i Trøndelag.");
        using var transcriber = WhisperTranscriber.Load(Environment.GetEnvironmentVariable("WHISPER_MODEL")!);

        var text = new List<string>();
        await foreach (var segment in transcriber.TranscribeAsync(wav, SpeechDetector.Detect(wav, -45), Fast with { TemperatureIncrement = 0.2f }))
        {
            text.Add(segment.Text);
        }

        Assert.Contains("Trøndelag", string.Join(' ', text), StringComparison.OrdinalIgnoreCase);
    }

    public void Dispose() => temp.Dispose();
}
