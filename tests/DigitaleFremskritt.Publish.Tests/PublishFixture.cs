using DigitaleFremskritt.Build;
using DigitaleFremskritt.Domain;
using DigitaleFremskritt.Media;
using DigitaleFremskritt.Publish;
using DigitaleFremskritt.Publish.Targets;
using DigitaleFremskritt.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;

namespace DigitaleFremskritt.Publish.Tests;

/// <summary>Builds and publishes a <see cref="TestContent"/> the way `fremskritt publish` does.</summary>
internal sealed class Publishing(TestContent content, IPublishTarget target)
{
    public List<PublishProgress> Events { get; } = [];

    public IPublishTarget Target => target;

    public Md5Cache Cache { get; } = new(Path.Combine(content.Root.MediaStore, ".md5-cache.json"));

    public BuildOutput Builder() =>
        new(content.Root, content.Options, new FfmpegTool(new ToolOptions()), TimeProvider.System, NullLogger<BuildOutput>.Instance);

    public PublishOutput Publisher() =>
        new(target, content.Options.Publish.FileConcurrency, Cache, new SecretRedactor(content.Options.Publish.Azure.ConnectionString), NullLogger<PublishOutput>.Instance);

    public async Task<(BuildResult Build, PublishReport Report)> RunAsync(bool dryRun = false, Func<string, bool>? prune = null, Func<Episode, bool>? exclude = null, CancellationToken cancellationToken = default)
    {
        var build = await Builder().RunAsync(exclude, cancellationToken);
        var publisher = Publisher();
        var plan = await publisher.PlanAsync(build, cancellationToken);
        var report = await publisher.RunAsync(plan, dryRun, prune, new Recorder(Events), cancellationToken);
        return (build, report);
    }

    /// <summary>Records progress synchronously, in the order the publisher reports it.</summary>
    private sealed class Recorder(List<PublishProgress> events) : IProgress<PublishProgress>
    {
        public void Report(PublishProgress value)
        {
            lock (events)
            {
                events.Add(value);
            }
        }
    }
}

internal static class Md5
{
    public static byte[] Of(byte[] data)
    {
#pragma warning disable CA5351 // Content-MD5 comparison, not security.
        return System.Security.Cryptography.MD5.HashData(data);
#pragma warning restore CA5351
    }
}
