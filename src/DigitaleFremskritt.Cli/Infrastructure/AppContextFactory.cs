using DigitaleFremskritt.Build;
using DigitaleFremskritt.Content;
using DigitaleFremskritt.Domain;
using DigitaleFremskritt.Media;
using DigitaleFremskritt.Pipeline;
using DigitaleFremskritt.Publish;
using DigitaleFremskritt.Publish.Targets;
using DigitaleFremskritt.Transcription;
using DigitaleFremskritt.Transcription.Models;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace DigitaleFremskritt.Cli.Infrastructure;

/// <summary>
/// Builds the services of one command run once its settings are parsed: configuration is appsettings.json,
/// then FREMSKRITT_* environment variables, then the command line (--set KEY=VALUE and the typed options).
/// </summary>
internal sealed class AppContextFactory(IConfiguration baseConfiguration, ILoggerFactory loggerFactory)
{
    public PipelineContext Create(CommonSettings settings, IDictionary<string, string?>? overrides = null)
    {
        var commandLine = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var pair in settings.Set ?? [])
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new CliException($"--set '{pair}': expected KEY=VALUE, e.g. --set Ingest:SettleSeconds=1");
            }

            commandLine[pair[..equals].Trim()] = pair[(equals + 1)..];
        }

        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            commandLine[key] = value;
        }

        var configuration = new ConfigurationBuilder()
            .AddConfiguration(baseConfiguration)
            .AddInMemoryCollection(commandLine)
            .Build();
        var options = new FremskrittOptions();
        try
        {
            configuration.Bind(options);
        }
        catch (InvalidOperationException e)
        {
            throw new CliException($"configuration: {e.Message}");
        }

        if (options.Shows.Count == 0)
        {
            throw new CliException("configuration: no shows are configured (appsettings.json, section Shows)");
        }

        var models = new ModelOptions();
        configuration.GetSection(ModelOptions.SectionName).Bind(models);

        var contentPath = settings.Content ?? options.ContentRoot ?? DefaultContentRoot();
        var root = new ContentRoot(contentPath);
        var ffmpeg = new FfmpegTool(options.Tools);
        var normalise = new NormaliseRecording(ffmpeg, loggerFactory.CreateLogger<NormaliseRecording>());
        var transcription = new TranscriptionService(models, Environment.GetEnvironmentVariable("WHISPER_MODEL"));
        var transcribe = new TranscribeEpisode(root, options, loggerFactory.CreateLogger<TranscribeEpisode>());
        return new PipelineContext(
            options,
            root,
            normalise,
            new IngestRecordings(root, options, normalise, TimeProvider.System, loggerFactory.CreateLogger<IngestRecordings>(), transcribe, transcription),
            new EpisodeStore(root),
            transcribe,
            transcription,
            ffmpeg,
            loggerFactory,
            configuration);
    }

    /// <summary>The repository's episodes/ folder, found by walking up from the working directory.</summary>
    public static string DefaultContentRoot()
    {
        for (var dir = new DirectoryInfo(Environment.CurrentDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "DigitaleFremskritt.sln")))
            {
                return Path.Combine(dir.FullName, "episodes");
            }
        }

        return Path.Combine(Environment.CurrentDirectory, "episodes");
    }
}

internal sealed record PipelineContext(
    FremskrittOptions Options,
    ContentRoot Root,
    NormaliseRecording Normalise,
    IngestRecordings Ingest,
    EpisodeStore Episodes,
    TranscribeEpisode Transcribe,
    TranscriptionService Transcription,
    FfmpegTool Ffmpeg,
    ILoggerFactory LoggerFactory,
    IConfiguration Configuration) : IDisposable
{
    /// <summary>The configured publish target (Publish:Target): creating it does not touch the network.</summary>
    public IPublishTarget CreateTarget() => PublishTargets.Create(Options, Root);

    /// <summary>The build stage; feeds point at Build:BaseUrl, or at the Azure container when that is the target.</summary>
    public BuildOutput CreateBuild(IPublishTarget? target = null)
    {
        target ??= Options.Publish.Target == PublishTargetKind.Azure ? CreateTarget() : null;
        if (target is not null && PublishTargets.DefaultBaseUrl(Options, target) is { } baseUrl)
        {
            Options.Build.BaseUrl = baseUrl;
        }

        List<IBuildStep> steps = [new DigitaleFremskritt.Site.BuildSite(Root, Options, TimeProvider.System, AssetPaths.ResolveFolder(Root, Options.Build.SiteFolder))];
        if (Options.Build.Search)
        {
            var pagefind = DigitaleFremskritt.Site.IndexSite.Locate(Options.Build.PagefindPath, AppContext.BaseDirectory, Root.Path, Environment.CurrentDirectory)
                ?? throw new CliException("pagefind (site search) not found: run scripts/setup.sh (npm ci), set Build:PagefindPath, or turn search off with --set Build:Search=false");
            steps.Add(new DigitaleFremskritt.Site.IndexSite(pagefind, TimeSpan.FromMinutes(10)));
        }

        return new BuildOutput(Root, Options, Ffmpeg, TimeProvider.System, LoggerFactory.CreateLogger<BuildOutput>(), steps);
    }

    /// <summary>Masks the configured connection string's secrets in anything printed.</summary>
    public SecretRedactor Redactor => new(Options.Publish.Azure.ConnectionString);

    public void Dispose() => Transcription.Dispose();
}

/// <summary>A usage or configuration problem: printed as one line, exit code 2.</summary>
internal sealed class CliException(string message) : Exception(message);
