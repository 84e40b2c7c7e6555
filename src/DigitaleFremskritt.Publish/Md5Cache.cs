using System.Security.Cryptography;
using System.Text.Json;
using DigitaleFremskritt.Content;

namespace DigitaleFremskritt.Publish;

/// <summary>
/// Content-MD5 of files in the media store and the archive, keyed by their SHA-256. Those files are named by their
/// content and never change, so their MD5 is computed once instead of on every publish (a seminar video is gigabytes).
/// Everything else is hashed each time.
/// </summary>
public sealed class Md5Cache(string path)
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = false };
    private readonly Lock gate = new();
    private readonly Lazy<Dictionary<string, string>> entries = new(() => Load(path), LazyThreadSafetyMode.ExecutionAndPublication);
    private bool dirty;

    public static async Task<byte[]> HashFileAsync(string file, CancellationToken cancellationToken = default)
    {
#pragma warning disable CA5351 // Content-MD5 is what Azure Storage compares and validates; not a security use.
        if (new FileInfo(file).Length <= 1 << 20)
        {
            // Small files (transcripts, pages): one read, no large buffer per file.
            return MD5.HashData(await File.ReadAllBytesAsync(file, cancellationToken));
        }

        await using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, FileOptions.Asynchronous | FileOptions.SequentialScan);
        return await MD5.HashDataAsync(stream, cancellationToken);
#pragma warning restore CA5351
    }

    public async Task<byte[]> GetAsync(string sha256, string file, CancellationToken cancellationToken = default)
    {
        lock (gate)
        {
            var bytes = new byte[16];
            if (entries.Value.TryGetValue(sha256, out var cached) && Convert.TryFromBase64String(cached, bytes, out var length) && length == 16)
            {
                return bytes;
            }
        }

        var md5 = await HashFileAsync(file, cancellationToken);
        lock (gate)
        {
            entries.Value[sha256] = Convert.ToBase64String(md5);
            dirty = true;
        }

        return md5;
    }

    public async Task SaveAsync(CancellationToken cancellationToken = default)
    {
        byte[] json;
        lock (gate)
        {
            if (!entries.IsValueCreated || !dirty)
            {
                return;
            }

            json = JsonSerializer.SerializeToUtf8Bytes(new SortedDictionary<string, string>(entries.Value, StringComparer.Ordinal), Json);
        }

        await AtomicFile.WriteAllBytesAsync(path, json, cancellationToken);
        dirty = false;
    }

    private static Dictionary<string, string> Load(string path)
    {
        try
        {
            return File.Exists(path)
                ? new Dictionary<string, string>(JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllBytes(path), Json) ?? [], StringComparer.OrdinalIgnoreCase)
                : new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
        {
            // Only a cache: start afresh.
            return new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        }
    }
}
