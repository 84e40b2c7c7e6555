using System.Diagnostics;
using Azure;
using DigitaleFremskritt.Build;
using DigitaleFremskritt.Publish.Targets;
using Microsoft.Extensions.Logging;

namespace DigitaleFremskritt.Publish;

/// <summary>
/// Stage 5, publish: makes a target hold exactly what a build produced, uploading only what differs (by Content-MD5,
/// Content-Type and Cache-Control, never by timestamps). Order protects listeners: media first, then transcripts,
/// chapters and pages, feeds last, each phase starting only when the one before has fully succeeded. A failed or
/// interrupted run therefore leaves the previously published feeds in place, pointing at files that exist, and
/// running it again finishes the job.
/// </summary>
public sealed class PublishOutput(IPublishTarget target, int fileConcurrency, Md5Cache md5Cache, SecretRedactor redactor, ILogger<PublishOutput> logger)
{
    /// <summary>Everything a build produced, as blobs with their headers and hashes.</summary>
    public async Task<PublishPlan> PlanAsync(BuildResult build, CancellationToken cancellationToken = default)
    {
        var publicFiles = new List<(string Name, string Path, string? Sha256)>();
        var artwork = build.Artwork.ToDictionary(a => a.Name, a => a.Sha256, StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(build.OutputFolder, "*", SearchOption.AllDirectories))
        {
            var name = Path.GetRelativePath(build.OutputFolder, file).Replace('\\', '/');
            if (name.Split('/').Any(part => part.StartsWith('.')))
            {
                continue;
            }

            publicFiles.Add((name, file, artwork.GetValueOrDefault(name)));
        }

        publicFiles.AddRange(build.Media.Select(m => (m.Name, m.LocalPath, (string?)m.Sha256)));
        foreach (var name in publicFiles.Select(f => f.Name).Concat(build.Originals.Select(o => o.Name)))
        {
            if (!PublicLayout.IsSafeName(name))
            {
                throw new PublishException($"'{name}' is not a safe blob name (empty, '.' or '..' segments, backslashes or control characters)");
            }
        }

        var publicBlobs = await ToBlobsAsync(publicFiles, build.OutputMd5, cancellationToken);
        var privateBlobs = await ToBlobsAsync(build.Originals.Select(o => (o.Name, o.LocalPath, (string?)o.Sha256)), null, cancellationToken, isPrivate: true);
        await md5Cache.SaveAsync(cancellationToken);
        return new PublishPlan(publicBlobs, privateBlobs);
    }

    /// <summary>
    /// Hashes are known for what the build just wrote (<paramref name="known"/>) and cached for content-addressed files
    /// (by SHA-256); anything else in the output folder is read and hashed.
    /// </summary>
    private async Task<List<LocalBlob>> ToBlobsAsync(IEnumerable<(string Name, string Path, string? Sha256)> files, IReadOnlyDictionary<string, byte[]>? known, CancellationToken cancellationToken, bool isPrivate = false)
    {
        var list = files.ToList();
        var blobs = new LocalBlob[list.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, list.Count), new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancellationToken }, async (i, ct) =>
        {
            var (name, path, sha256) = list[i];
            var md5 = known?.GetValueOrDefault(name) ?? (sha256 is null ? await Md5Cache.HashFileAsync(path, ct) : await md5Cache.GetAsync(sha256, path, ct));
            // The search entry point goes up with the feeds, last: it names index chunks that must already be there.
            var phase = isPrivate || PublicLayout.IsImmutable(name) ? PublishPhase.Media : PublicLayout.IsFeed(name) || name == "pagefind/pagefind-entry.json" ? PublishPhase.Feeds : PublishPhase.Content;
            blobs[i] = new LocalBlob(name, path, new FileInfo(path).Length, md5,
                PublicLayout.ContentTypeOf(name),
                isPrivate ? "private, no-store" : PublicLayout.CacheControlOf(name),
                phase);
        });
        return [.. blobs.OrderBy(b => b.Name, StringComparer.Ordinal)];
    }

    /// <summary>
    /// Uploads what differs, phase by phase. With <paramref name="prune"/>, public blobs that the plan no longer has and
    /// that the predicate selects are deleted last, after the feeds stopped pointing at them.
    /// </summary>
    public async Task<PublishReport> RunAsync(PublishPlan plan, bool dryRun, Func<string, bool>? prune, IProgress<PublishProgress>? progress, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            var remotePublic = ListAsync(target.PublicContainer, cancellationToken);
            var remotePrivate = plan.Private.Count == 0 ? Task.FromResult(new Dictionary<string, RemoteBlob>()) : ListAsync(target.PrivateContainer, cancellationToken);
            await Task.WhenAll(remotePublic, remotePrivate);

            var uploads = new List<(IBlobContainer Container, LocalBlob Blob, string Reason)>();
            var unchanged = 0;
            foreach (var (container, blobs, remote) in new[] { (target.PrivateContainer, plan.Private, remotePrivate.Result), (target.PublicContainer, plan.Public, remotePublic.Result) })
            {
                foreach (var blob in blobs)
                {
                    if (!remote.TryGetValue(blob.Name, out var existing))
                    {
                        uploads.Add((container, blob, "new"));
                    }
                    else if (!blob.Matches(existing))
                    {
                        uploads.Add((container, blob, existing.Length == blob.Length && existing.ContentMd5 is { } md5 && md5.AsSpan().SequenceEqual(blob.ContentMd5) ? "headers" : "changed"));
                    }
                    else
                    {
                        unchanged++;
                    }
                }
            }

            var planned = new HashSet<string>(plan.Public.Select(b => b.Name), StringComparer.Ordinal);
            var stale = remotePublic.Result.Keys.Where(name => !planned.Contains(name)).Order(StringComparer.Ordinal).ToList();
            var deletes = prune is null ? [] : stale.Where(prune).ToList();
            var report = new PublishReport
            {
                DryRun = dryRun,
                Unchanged = unchanged,
                Uploads = [.. uploads.Select(u => new PlannedUpload(u.Container.Name, u.Blob.Name, u.Blob.Length, u.Reason))],
                Deletes = deletes,
                StaleLeft = stale.Count - deletes.Count,
            };
            if (dryRun)
            {
                return report with { Elapsed = clock.Elapsed };
            }

            // Every real run checks the containers' access, so a private container made public by hand is caught
            // even when no new original is due.
            await target.PublicContainer.EnsureExistsAsync(cancellationToken);
            if (plan.Private.Count > 0)
            {
                await target.PrivateContainer.EnsureExistsAsync(cancellationToken);
            }

            foreach (var phase in Enum.GetValues<PublishPhase>())
            {
                var batch = uploads.Where(u => u.Blob.Phase == phase).OrderByDescending(u => u.Blob.Length).ToList();
                try
                {
                    await Parallel.ForEachAsync(batch, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, fileConcurrency), CancellationToken = cancellationToken }, async (upload, ct) =>
                    {
                        var blob = upload.Blob;
                        progress?.Report(new PublishProgress(blob.Name, 0, blob.Length, false));
                        await upload.Container.UploadAsync(blob, new MonotonicProgress(bytes => progress?.Report(new PublishProgress(blob.Name, bytes, blob.Length, false))), ct);
                        progress?.Report(new PublishProgress(blob.Name, blob.Length, blob.Length, true));
                        logger.LogDebug("uploaded {Container}/{Name} ({Bytes} bytes, {Reason})", upload.Container.Name, blob.Name, blob.Length, upload.Reason);
                    });
                }
                finally
                {
                    await target.PublicContainer.FlushAsync(CancellationToken.None);
                    await target.PrivateContainer.FlushAsync(CancellationToken.None);
                }
            }

            foreach (var name in deletes)
            {
                cancellationToken.ThrowIfCancellationRequested();
                await target.PublicContainer.DeleteAsync(name, cancellationToken);
                logger.LogDebug("deleted {Container}/{Name}", target.PublicContainer.Name, name);
            }

            await target.PublicContainer.FlushAsync(CancellationToken.None);
            return report with { Elapsed = clock.Elapsed };
        }
        catch (RequestFailedException e)
        {
            throw new PublishException(redactor.Redact($"{target.Description}: {e.Status} {e.ErrorCode ?? FirstLine(e.Message)}"), e);
        }
        catch (Azure.Identity.AuthenticationFailedException e)
        {
            throw new PublishException(redactor.Redact($"{target.Description}: no Azure credential worked ({FirstLine(e.Message)})"), e);
        }
        catch (AggregateException e) when (e.InnerException is RequestFailedException inner)
        {
            throw new PublishException(redactor.Redact($"{target.Description}: {inner.Status} {inner.ErrorCode ?? FirstLine(inner.Message)}"), e);
        }
        catch (AggregateException e)
        {
            // The SDK's retry policy gives up with an AggregateException of the attempts (timeouts, refused connections).
            var first = e.Flatten().InnerExceptions.FirstOrDefault() ?? e;
            var reason = first is OperationCanceledException ? "the storage service did not answer in time" : FirstLine(first.Message);
            throw new PublishException(redactor.Redact($"{target.Description}: {reason} (after {e.Flatten().InnerExceptions.Count} attempts)"), e);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new PublishException(redactor.Redact($"{target.Description}: the storage service did not answer in time"), e);
        }
        catch (HttpRequestException e)
        {
            throw new PublishException(redactor.Redact($"{target.Description}: {FirstLine(e.Message)}"), e);
        }
    }

    private static async Task<Dictionary<string, RemoteBlob>> ListAsync(IBlobContainer container, CancellationToken cancellationToken)
    {
        var blobs = new Dictionary<string, RemoteBlob>(StringComparer.Ordinal);
        await foreach (var blob in container.ListAsync(cancellationToken))
        {
            blobs[blob.Name] = blob;
        }

        return blobs;
    }

    private static string FirstLine(string message) => message.Split('\n', 2)[0].Trim();
}

/// <summary>
/// Passes on byte counts as they arrive (on the uploading thread; Progress&lt;T&gt; would queue them to the thread pool
/// and reorder them), only when they exceed the last one: parallel blocks finish out of order.
/// </summary>
internal sealed class MonotonicProgress(Action<long> report) : IProgress<long>
{
    private long highest = -1;

    public void Report(long value)
    {
        long seen;
        do
        {
            seen = Interlocked.Read(ref highest);
            if (value <= seen)
            {
                return;
            }
        }
        while (Interlocked.CompareExchange(ref highest, value, seen) != seen);
        report(value);
    }
}

public sealed record PublishPlan(IReadOnlyList<LocalBlob> Public, IReadOnlyList<LocalBlob> Private);

public sealed record PlannedUpload(string Container, string Name, long Bytes, string Reason);

public sealed record PublishProgress(string Name, long BytesDone, long BytesTotal, bool Completed);

public sealed record PublishReport
{
    public bool DryRun { get; init; }

    public IReadOnlyList<PlannedUpload> Uploads { get; init; } = [];

    public int Unchanged { get; init; }

    public IReadOnlyList<string> Deletes { get; init; } = [];

    /// <summary>Public blobs the build no longer has, left in place (publish --prune removes them).</summary>
    public int StaleLeft { get; init; }

    public TimeSpan Elapsed { get; init; }

    public long UploadedBytes => Uploads.Sum(u => u.Bytes);
}
