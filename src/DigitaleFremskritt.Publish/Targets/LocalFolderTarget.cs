using System.Runtime.CompilerServices;
using System.Text.Json;
using DigitaleFremskritt.Content;

namespace DigitaleFremskritt.Publish.Targets;

/// <summary>
/// Publishes to a folder: one subfolder per container, e.g. a web server's document root or a mounted share. Each
/// container's blob properties (Content-Type, Cache-Control, Content-MD5) live in &lt;container&gt;.manifest.json
/// beside it, the way Azure keeps them beside the blob; `fremskritt serve` serves the headers from there.
/// </summary>
public sealed class LocalFolderTarget(string folder, string publicContainer, string privateContainer) : IPublishTarget
{
    public string Folder { get; } = Path.GetFullPath(folder);

    public string Description => $"local folder {Folder}";

    public IBlobContainer PublicContainer { get; } = new LocalContainer(Path.GetFullPath(folder), publicContainer);

    public IBlobContainer PrivateContainer { get; } = new LocalContainer(Path.GetFullPath(folder), privateContainer);

#pragma warning disable CA1001 // The SemaphoreSlim never allocates a wait handle (no AvailableWaitHandle): nothing to dispose.
    private sealed class LocalContainer(string folder, string name) : IBlobContainer
#pragma warning restore CA1001
    {
        private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };
        private readonly SemaphoreSlim manifestLock = new(1, 1);
        private Dictionary<string, ManifestEntry>? manifest;
        private bool dirty;
        private long lastSave = Environment.TickCount64;

        public string Name { get; } = name;

        private string Root => Path.Combine(folder, Name);

        private string ManifestPath => Path.Combine(folder, Name + ".manifest.json");

        public Task EnsureExistsAsync(CancellationToken cancellationToken = default)
        {
            Directory.CreateDirectory(Root);

            // Temp files of a publish that was killed mid-copy: never complete, never in the manifest.
            foreach (var temp in Directory.EnumerateFiles(Root, ".*.tmp", SearchOption.AllDirectories))
            {
                AtomicFile.TryDelete(temp);
            }

            return Task.CompletedTask;
        }

        public async IAsyncEnumerable<RemoteBlob> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            foreach (var (blobName, entry) in await LoadAsync(cancellationToken))
            {
                // A file deleted or replaced by hand no longer matches what the manifest says was published.
                var file = new FileInfo(PathOf(blobName));
                if (file.Exists && file.Length == entry.Length)
                {
                    yield return new RemoteBlob(blobName, entry.Length, Convert.FromBase64String(entry.ContentMd5), entry.ContentType, entry.CacheControl);
                }
            }
        }

        public async Task UploadAsync(LocalBlob blob, IProgress<long>? progress, CancellationToken cancellationToken = default)
        {
            var target = PathOf(blob.Name);
            await AtomicFile.CopyAsync(blob.LocalPath, target, cancellationToken);
            progress?.Report(blob.Length);
            await UpdateAsync(m => m[blob.Name] = new ManifestEntry(blob.Length, Convert.ToBase64String(blob.ContentMd5), blob.ContentType, blob.CacheControl), cancellationToken);
        }

        public async Task DeleteAsync(string blobName, CancellationToken cancellationToken = default)
        {
            await UpdateAsync(m => m.Remove(blobName), cancellationToken);
            var target = PathOf(blobName);
            File.Delete(target);
            for (var dir = Path.GetDirectoryName(target); dir is not null && dir.Length > Root.Length && !Directory.EnumerateFileSystemEntries(dir).Any(); dir = Path.GetDirectoryName(dir))
            {
                Directory.Delete(dir);
            }
        }

        private string PathOf(string blobName)
        {
            var full = Path.GetFullPath(Path.Combine(Root, blobName));
            return full.StartsWith(Root + Path.DirectorySeparatorChar, StringComparison.Ordinal)
                ? full
                : throw new UnauthorizedAccessException($"blob name '{blobName}' escapes {Root}");
        }

        private async Task<Dictionary<string, ManifestEntry>> LoadAsync(CancellationToken cancellationToken)
        {
            if (manifest is not null)
            {
                return manifest;
            }

            if (!File.Exists(ManifestPath))
            {
                return manifest = new Dictionary<string, ManifestEntry>(StringComparer.Ordinal);
            }

            try
            {
                await using var stream = File.OpenRead(ManifestPath);
                manifest = await JsonSerializer.DeserializeAsync<Dictionary<string, ManifestEntry>>(stream, Json, cancellationToken) ?? [];
                return manifest = new Dictionary<string, ManifestEntry>(manifest, StringComparer.Ordinal);
            }
            catch (JsonException e)
            {
                throw new InvalidDataException($"{ManifestPath}: not a publish manifest ({e.Message}); delete it to publish everything again", e);
            }
        }

        public Task FlushAsync(CancellationToken cancellationToken = default) => UpdateAsync(_ => { }, cancellationToken, force: true);

        /// <summary>
        /// Changes the manifest and writes it (atomically) at most once a second, and on <see cref="FlushAsync"/>. A crash
        /// before a write only means the files copied since are copied again next time: the manifest never claims a
        /// file that is not there.
        /// </summary>
        private async Task UpdateAsync(Action<Dictionary<string, ManifestEntry>> change, CancellationToken cancellationToken, bool force = false)
        {
            await manifestLock.WaitAsync(cancellationToken);
            try
            {
                var entries = await LoadAsync(cancellationToken);
                change(entries);
                dirty |= !force;
                if (dirty && (force || Environment.TickCount64 - lastSave > 1000))
                {
                    var sorted = new SortedDictionary<string, ManifestEntry>(entries, StringComparer.Ordinal);
                    await AtomicFile.WriteAllBytesAsync(ManifestPath, JsonSerializer.SerializeToUtf8Bytes(sorted, Json), CancellationToken.None);
                    dirty = false;
                    lastSave = Environment.TickCount64;
                }
            }
            finally
            {
                manifestLock.Release();
            }
        }
    }

    private sealed record ManifestEntry(long Length, string ContentMd5, string ContentType, string CacheControl);
}
