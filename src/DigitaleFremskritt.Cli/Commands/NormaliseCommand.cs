using System.ComponentModel;
using DigitaleFremskritt.Cli.Infrastructure;
using DigitaleFremskritt.Content;
using DigitaleFremskritt.Domain;
using DigitaleFremskritt.Media;
using Spectre.Console;
using Spectre.Console.Cli;

namespace DigitaleFremskritt.Cli.Commands;

[Description("Normalise one file without ingesting it: writes the MP3, the 16 kHz WAV (and MP4 + poster for video), waveform.json and qc.json to --output. Useful to check a recording before dropping it.")]
internal sealed class NormaliseCommand(AppContextFactory factory, IAnsiConsole console) : AsyncCommand<NormaliseCommand.Settings>
{
    internal sealed class Settings : CommonSettings
    {
        [CommandArgument(0, "<INPUT>")]
        [Description("The recording to normalise (left untouched).")]
        public string Input { get; init; } = "";

        [CommandOption("-o|--output <DIR>")]
        [Description("Folder for the results (created if missing).")]
        public string Output { get; init; } = "normalised";

        [CommandOption("--show <ID>")]
        [Description("Show preset whose loudness and encoding settings apply (default: podcast for audio, seminar for video).")]
        public string? Show { get; init; }

        public override ValidationResult Validate() =>
            File.Exists(Input) ? ValidationResult.Success() : ValidationResult.Error($"{Input}: no such file");
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        using var app = factory.Create(settings);
        await app.Normalise.CheckToolsAsync(cancellationToken);
        var name = Path.GetFileName(settings.Input);
        var output = Path.GetFullPath(settings.Output);
        Directory.CreateDirectory(output);
        var work = Path.Combine(output, $".work-{Guid.NewGuid():N}");
        try
        {
            var probe = await app.Normalise.ProbeAsync(settings.Input, name, cancellationToken);
            var showId = settings.Show ?? (probe.HasVideo ? app.Options.DefaultVideoShow : app.Options.DefaultAudioShow);
            var show = app.Options.Shows.TryGetValue(showId, out var s) ? s : throw new CliException($"unknown show '{showId}' (configured: {string.Join(", ", app.Options.Shows.Keys)})");
            var stem = Path.GetFileNameWithoutExtension(name);
            var tags = new MediaTags(stem, show.Title, show.Author, DateOnly.FromDateTime(DateTime.UtcNow));
            var cover = AssetPaths.Resolve(app.Root, show.CoverArt);
            var request = new NormaliseRequest(Path.GetFullPath(settings.Input), name, show, app.Options.Ingest, tags, cover, work);
            var result = await LiveProgress.RunAsync(console, report =>
                app.Normalise.RunAsync(request, probe, new InlineProgress<StageProgress>(p => report(name, p.Step, p.Fraction)), cancellationToken));

            void Publish(string? file, string finalName)
            {
                if (file is not null)
                {
                    File.Move(file, Path.Combine(output, finalName), overwrite: true);
                    result.Qc.Outputs.Add(new()
                    {
                        Kind = finalName,
                        Path = finalName,
                        Bytes = new FileInfo(Path.Combine(output, finalName)).Length,
                        DurationSeconds = result.DurationsSeconds.GetValueOrDefault(file),
                    });
                }
            }

            Publish(result.Mp3, stem + ".mp3");
            Publish(result.TranscriptionWav, stem + ".16k.wav");
            Publish(result.Video, stem + ".mp4");
            Publish(result.Poster, stem + ".jpg");
            Publish(result.Waveform, stem + ".waveform.json");
            await AtomicFile.WriteAllTextAsync(Path.Combine(output, stem + ".qc.json"), QcJson.Serialize(result.Qc), cancellationToken);
            console.Write(QcTable.Render(name, result.Qc));
            return result.Qc.Passed ? 0 : 1;
        }
        catch (RecordingRejectedException e)
        {
            console.MarkupLine($"[red]error[/]: {Markup.Escape(name)}: {Markup.Escape(e.Message)}");
            return 1;
        }
        finally
        {
            if (Directory.Exists(work))
            {
                Directory.Delete(work, recursive: true);
            }
        }
    }
}
