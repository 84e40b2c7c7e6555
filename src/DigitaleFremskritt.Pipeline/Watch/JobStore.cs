using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using DigitaleFremskritt.Content;

namespace DigitaleFremskritt.Pipeline.Watch;

/// <summary>
/// The recordings' job files under &lt;content&gt;/state/jobs/: one small JSON file per recording, written to a temp
/// file and renamed, so a reader (or a restart after kill -9) sees the previous state or the new one, never half.
/// </summary>
public sealed class JobStore(ContentRoot root)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public string Folder { get; } = Path.Combine(root.Path, "state", "jobs");

    /// <summary>The job key of a dropped file: its name hashed (names may hold any characters; keys are file names).</summary>
    public static string KeyFor(string fileName) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(fileName.Normalize(NormalizationForm.FormC))))[..20];

    public RecordingJob? Find(string key)
    {
        var path = PathOf(key);
        return File.Exists(path) ? Read(path) : null;
    }

    public IReadOnlyList<RecordingJob> All()
    {
        if (!Directory.Exists(Folder))
        {
            return [];
        }

        return [.. Directory.EnumerateFiles(Folder, "*.json").Select(Read).OfType<RecordingJob>().OrderBy(j => j.FirstSeenAt).ThenBy(j => j.File, StringComparer.Ordinal)];
    }

    public async Task SaveAsync(RecordingJob job, CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(Folder);
        await AtomicFile.WriteAllBytesAsync(PathOf(job.Key), JsonSerializer.SerializeToUtf8Bytes(job, Json), cancellationToken);
    }

    private string PathOf(string key)
    {
        if (key.Length == 0 || !key.All(char.IsAsciiHexDigitLower))
        {
            throw new ArgumentException($"'{key}' is not a job key", nameof(key));
        }

        return Path.Combine(Folder, key + ".json");
    }

    private static RecordingJob? Read(string path)
    {
        try
        {
            return JsonSerializer.Deserialize<RecordingJob>(File.ReadAllBytes(path), Json);
        }
        catch (Exception e) when (e is JsonException or IOException)
        {
            // Only complete files are ever renamed into place; an unreadable one was edited by hand. Skip it.
            return null;
        }
    }
}
