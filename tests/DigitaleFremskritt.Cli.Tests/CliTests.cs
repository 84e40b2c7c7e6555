using DigitaleFremskritt.TestSupport;

namespace DigitaleFremskritt.Cli.Tests;

/// <summary>The `fremskritt` command line, run in-process against a real content root and real ffmpeg.</summary>
public sealed class CliTests : IDisposable
{
    private readonly TempFolder temp = new();

    private string Content => temp.Path;

    private string Ingest => Directory.CreateDirectory(Path.Combine(Content, "ingest")).FullName;

    private static Task<(int Exit, string Output)> Run(params string[] args) => CliRunner.RunAsync(args);

    [Fact]
    public async Task Help_lists_every_command()
    {
        var (exit, output) = await Run("--help");

        Assert.Equal(0, exit);
        Assert.Contains("ingest", output, StringComparison.Ordinal);
        Assert.Contains("normalise", output, StringComparison.Ordinal);
        Assert.Contains("qc", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ingest")]
    [InlineData("normalise")]
    [InlineData("qc")]
    public async Task Every_command_has_help_with_the_content_option(string command)
    {
        var (exit, output) = await Run(command, "--help");

        Assert.Equal(0, exit);
        Assert.Contains("--content", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ingest_prints_the_qc_table_and_exits_zero_when_all_succeed()
    {
        TestMedia.Speech(Path.Combine(Ingest, "første episode.wav"), 2, -4);

        var (exit, output) = await Run("ingest", "--content", Content, "--settle", "0");

        Assert.Equal(0, exit);
        Assert.Contains("ingested første episode.wav", output, StringComparison.Ordinal);
        Assert.Contains("PASS", output, StringComparison.Ordinal);
        Assert.Contains("After (MP3)", output, StringComparison.Ordinal);
        Assert.Contains("-16.0 LUFS", output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(Content, "forste-episode", "episode.yaml")));

        var (qcExit, qcOutput) = await Run("qc", "--content", Content, "forste-episode");
        Assert.Equal(0, qcExit);
        Assert.Contains("forste-episode", qcOutput, StringComparison.Ordinal);
        Assert.Contains("PASS", qcOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ingest_exits_non_zero_and_names_the_file_and_reason_when_one_fails()
    {
        File.WriteAllBytes(Path.Combine(Ingest, "tom fil.mp3"), []);
        TestMedia.Speech(Path.Combine(Ingest, "god.wav"), 1, -2);

        var (exit, output) = await Run("ingest", "--content", Content, "--settle", "0", "--no-qc-table");

        Assert.Equal(1, exit);
        Assert.Contains("FAILED tom fil.mp3: the file is empty (0 bytes)", output, StringComparison.Ordinal);
        Assert.Contains("ingested god.wav", output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(Ingest, "failed", "tom fil.mp3.error.txt")));
        Assert.DoesNotContain("PASS", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task In_a_log_each_outcome_stays_on_one_line()
    {
        var name = "et ganske langt filnavn fra regionsamlingen i Innherred og Inn-Trøndelag, opptak nummer to.wav";
        File.WriteAllText(Path.Combine(Ingest, name), "ikke lyd");

        var (exit, output) = await Run("ingest", "--content", Content, "--settle", "0");

        Assert.Equal(1, exit);
        Assert.Contains(output.Split('\n'), line => line.StartsWith($"FAILED {name}: not a readable media file", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_second_ingest_on_the_same_content_root_waits_its_turn_with_a_clear_message()
    {
        TestMedia.Speech(Path.Combine(Ingest, "opptak.wav"));
        using (File.Open(Path.Combine(Content, ".ingest.lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None))
        {
            var (exit, output) = await Run("ingest", "--content", Content, "--settle", "0");

            Assert.Equal(2, exit);
            Assert.Contains("another fremskritt run is already working on", output, StringComparison.Ordinal);
        }

        Assert.True(File.Exists(Path.Combine(Ingest, "opptak.wav")));
    }

    [Fact]
    public async Task A_missing_ffmpeg_stops_the_run_and_leaves_the_recordings_alone()
    {
        TestMedia.Speech(Path.Combine(Ingest, "opptak.wav"));

        var (exit, output) = await Run("ingest", "--content", Content, "--settle", "0", "--set", "Tools:FFmpegFolder=" + Path.Combine(Content, "ingen-ffmpeg"));

        Assert.Equal(2, exit);
        Assert.Contains("Tools:FFmpegFolder", output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(Ingest, "opptak.wav")));
        Assert.False(Directory.Exists(Path.Combine(Ingest, "failed")));
    }

    [Fact]
    public async Task A_qc_failure_is_reported_and_exits_non_zero()
    {
        TestMedia.Speech(Path.Combine(Ingest, "opptak.wav"), 2, -6);

        var (exit, output) = await Run("ingest", "--content", Content, "--settle", "0", "--set", "Shows:podcast:Loudness:ToleranceLu=-1");

        Assert.Equal(1, exit);
        Assert.Contains("QC FAILED opptak.wav", output, StringComparison.Ordinal);
        Assert.Contains("FAIL", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ctrl_c_on_the_process_group_exits_130_and_leaves_the_recording_in_ingest()
    {
        var recording = TestMedia.LongSpeech(Path.Combine(Ingest, "langt opptak.wav"), 120);
        var cli = Path.Combine(AppContext.BaseDirectory, "fremskritt.dll");
        var info = new System.Diagnostics.ProcessStartInfo("setsid") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "dotnet", cli, "ingest", "--content", Content, "--settle", "0" })
        {
            info.ArgumentList.Add(argument);
        }

        // setsid makes the CLI a process-group leader, like a shell job: SIGINT to the group reaches ffmpeg too.
        using var process = System.Diagnostics.Process.Start(info)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var output = new System.Text.StringBuilder();
        while (await process.StandardOutput.ReadLineAsync() is { } line)
        {
            output.AppendLine(line);
            if (line.Contains("encoding MP3", StringComparison.Ordinal))
            {
                await Task.Delay(300);
                TestMedia.Run("kill", "-INT", "--", $"-{process.Id}");
                break;
            }
        }

        output.Append(await process.StandardOutput.ReadToEndAsync());
        await process.WaitForExitAsync();

        Assert.True(130 == process.ExitCode, $"exit {process.ExitCode}: {output}{await stderr}");
        Assert.True(File.Exists(recording));
        Assert.False(Directory.Exists(Path.Combine(Ingest, "failed")));
        Assert.DoesNotContain(Directory.EnumerateDirectories(Content), d => File.Exists(Path.Combine(d, "episode.yaml")));
        var work = Path.Combine(Content, "media", ".work");
        Assert.True(!Directory.Exists(work) || !Directory.EnumerateFileSystemEntries(work).Any());
    }

    [Fact]
    public async Task Ingest_of_an_empty_folder_says_what_to_do()
    {
        var (exit, output) = await Run("ingest", "--content", Content);

        Assert.Equal(0, exit);
        Assert.Contains("Nothing to ingest", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Normalise_writes_outputs_and_qc_json_without_touching_the_input()
    {
        var input = TestMedia.Speech(temp.File("opptak.wav"), 2, -10);
        var before = File.ReadAllBytes(input);
        var output = Path.Combine(temp.Path, "ut");

        var (exit, text) = await Run("normalise", input, "--output", output, "--content", Content);

        Assert.Equal(0, exit);
        Assert.Contains("PASS", text, StringComparison.Ordinal);
        foreach (var name in new[] { "opptak.mp3", "opptak.16k.wav", "opptak.waveform.json", "opptak.qc.json" })
        {
            Assert.True(File.Exists(Path.Combine(output, name)), name);
        }

        Assert.Equal(before, File.ReadAllBytes(input));
        Assert.Empty(Directory.EnumerateDirectories(output));
    }

    [Fact]
    public async Task Normalise_of_a_bad_file_is_one_line_and_non_zero()
    {
        var input = temp.File("støy.wav");
        TestMedia.Silence(input);

        var (exit, output) = await Run("normalise", input, "--output", temp.File("ut"), "--content", Content);

        Assert.Equal(1, exit);
        Assert.Contains("error: støy.wav: the recording is silent", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Usage_errors_exit_2_with_one_line()
    {
        var (missingExit, missing) = await Run("normalise", temp.File("finnes ikke.wav"));
        var (setExit, set) = await Run("ingest", "--content", Content, "--set", "uten-likhetstegn");
        var (qcExit, qc) = await Run("qc", "--content", Content, "ukjent-episode");

        Assert.NotEqual(0, missingExit);
        Assert.Contains("finnes ikke.wav: no such file", missing, StringComparison.Ordinal);
        Assert.Equal(2, setExit);
        Assert.Contains("expected KEY=VALUE", set, StringComparison.Ordinal);
        Assert.Equal(2, qcExit);
        Assert.Contains("ukjent-episode: no such episode", qc, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Configuration_can_be_overridden_on_the_command_line()
    {
        var input = TestMedia.Speech(temp.File("mono.wav"), 1, -6);

        var (exit, output) = await Run("normalise", input, "--output", temp.File("ut"), "--content", Content,
            "--set", "Shows:podcast:Loudness:MonoTargetLufs=-20");

        Assert.Equal(0, exit);
        Assert.Contains("-20.0 LUFS ±0.5", output, StringComparison.Ordinal);
        var (lufs, _) = TestMedia.MeasureLoudness(Path.Combine(temp.File("ut"), "mono.mp3"));
        Assert.InRange(lufs, -20.5, -19.5);
    }

    public void Dispose() => temp.Dispose();
}
