using System.Net;
using DigitaleFremskritt.TestSupport;

namespace DigitaleFremskritt.Cli.Tests;

/// <summary>`fremskritt transcribe` and `fremskritt models` with the real Whisper.net runtime and the tiny test model.</summary>
public sealed class TranscriptionCliTests : IDisposable
{
    private readonly TempFolder temp = new();
    private readonly string? whisperModel = Environment.GetEnvironmentVariable("WHISPER_MODEL");

    public TranscriptionCliTests()
    {
        // Tests decide which model exists; a developer's own WHISPER_MODEL must not leak in.
        Environment.SetEnvironmentVariable("WHISPER_MODEL", null);
        Environment.SetEnvironmentVariable("GGML_NO_BACKTRACE", "1");
        Model = TinyWhisperModel.Write(temp.File("ggml-tiny-test.bin"));
    }

    private string Model { get; }

    private string Content => temp.Path;

    private string ModelsFolder => Directory.CreateDirectory(temp.File("modeller")).FullName;

    private string Ingest => Directory.CreateDirectory(Path.Combine(Content, "ingest")).FullName;

    private Task<(int Exit, string Output)> Run(params string[] args) =>
        CliRunner.RunAsync([.. args, "--content", Content, "--set", $"Transcription:Models:ModelsFolder={ModelsFolder}", "--set", "Transcription:TemperatureIncrement=0"]);

    [Fact]
    public async Task Without_a_model_ingest_finishes_marks_pending_and_says_what_to_do()
    {
        TestMedia.Speech(Path.Combine(Ingest, "opptak.wav"), 1, -3);

        var (exit, output) = await Run("ingest", "--settle", "0", "--no-qc-table");
        var (transcribeExit, transcribe) = await Run("transcribe");

        Assert.Equal(0, exit);
        Assert.Contains("transcript pending", output, StringComparison.Ordinal);
        Assert.Contains("1 episode(s) wait for a transcript. No Whisper model is configured. Run `fremskritt models download small`", output, StringComparison.Ordinal);
        Assert.Equal(1, transcribeExit);
        Assert.Contains("error: No Whisper model is configured", transcribe, StringComparison.Ordinal);
        Assert.Contains("state: TranscriptPending", await File.ReadAllTextAsync(Path.Combine(Content, "opptak", "episode.yaml")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_later_transcribe_run_picks_up_pending_episodes_and_skips_done_ones()
    {
        TestMedia.Speech(Path.Combine(Ingest, "opptak.wav"), 1, -3);
        await Run("ingest", "--settle", "0", "--no-qc-table");

        var (first, firstOutput) = await Run("transcribe", "--set", $"Transcription:Models:ActiveModel={Model}");
        var (second, secondOutput) = await Run("transcribe", "--set", $"Transcription:Models:ActiveModel={Model}");
        var (forced, forcedOutput) = await Run("transcribe", "opptak", "--force", "--set", $"Transcription:Models:ActiveModel={Model}");

        Assert.Equal(0, first);
        Assert.Contains("transcribed opptak:", firstOutput, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(Content, "opptak", "transcript.vtt")));
        Assert.Equal(0, second);
        Assert.Contains("alreadydone opptak: already transcribed (use --force to redo)", secondOutput, StringComparison.Ordinal);
        Assert.Equal(0, forced);
        Assert.Contains("transcribed opptak:", forcedOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Models_verify_accepts_a_ggml_model_and_rejects_anything_else()
    {
        var garbage = temp.File("tull.bin");
        await File.WriteAllTextAsync(garbage, "<html>not a model</html>");

        var (okExit, ok) = await Run("models", "verify", Model);
        var (badExit, bad) = await Run("models", "verify", garbage);

        Assert.Equal(0, okExit);
        Assert.Contains("ok ", ok, StringComparison.Ordinal);
        Assert.Equal(1, badExit);
        Assert.Contains("error:", bad, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Models_download_fetches_from_a_given_address_and_list_shows_it()
    {
        var bytes = await File.ReadAllBytesAsync(Model);
        using var listener = new HttpListener();
        var port = FreePort();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        var serve = Task.Run(async () =>
        {
            var context = await listener.GetContextAsync();
            context.Response.ContentLength64 = bytes.Length;
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        });

        var (exit, output) = await Run("models", "download", "tiny", "--url", $"http://127.0.0.1:{port}/ggml-tiny.bin?token=hemmelig");
        await serve;
        var (listExit, list) = await Run("models", "list", "--set", "Transcription:Models:ActiveModel=tiny");

        Assert.Equal(0, exit);
        Assert.Contains("downloaded tiny", output, StringComparison.Ordinal);
        Assert.DoesNotContain("hemmelig", output, StringComparison.Ordinal);
        Assert.Equal(bytes, await File.ReadAllBytesAsync(Path.Combine(ModelsFolder, "ggml-tiny.bin")));
        Assert.Equal(0, listExit);
        Assert.Contains("tiny", list, StringComparison.Ordinal);
        Assert.Contains("Transcribing with:", list, StringComparison.Ordinal);
    }

    private static int FreePort()
    {
        using var socket = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        Environment.SetEnvironmentVariable("WHISPER_MODEL", whisperModel);
        temp.Dispose();
    }
}
