using DigitaleFremskritt.Domain;

namespace DigitaleFremskritt.Content;

/// <summary>Episode folders under the content root, each with a human-editable episode.yaml.</summary>
public sealed class EpisodeStore(ContentRoot root)
{
    public const string MetadataFileName = "episode.yaml";
    public const string QcFileName = "qc.json";

    public ContentRoot Root => root;

    public IEnumerable<Episode> LoadAll()
    {
        if (!Directory.Exists(root.Path))
        {
            yield break;
        }

        foreach (var folder in Directory.EnumerateDirectories(root.Path).Order(StringComparer.Ordinal))
        {
            var file = Path.Combine(folder, MetadataFileName);
            if (!ContentRoot.ReservedNames.Contains(Path.GetFileName(folder)) && File.Exists(file))
            {
                yield return Load(file);
            }
        }
    }

    public Episode? FindBySlug(string slug)
    {
        if (!Slug.IsValid(slug) || ContentRoot.ReservedNames.Contains(slug))
        {
            return null;
        }

        var file = Path.Combine(root.EpisodeFolder(slug), MetadataFileName);
        return File.Exists(file) ? Load(file) : null;
    }

    /// <summary>The episode made from the recording with this SHA-256, if any.</summary>
    public Episode? FindBySourceHash(string sha256) =>
        LoadAll().FirstOrDefault(e => string.Equals(e.Source.Sha256, sha256, StringComparison.OrdinalIgnoreCase));

    /// <summary>A slug based on <paramref name="wanted"/> that no other episode folder uses yet.</summary>
    public string UniqueSlug(string wanted)
    {
        // Reserved names first: EpisodeFolder refuses them. The suffix must fit within Slug.MaxLength.
        var slug = wanted;
        for (var n = 2; ContentRoot.ReservedNames.Contains(slug) || Directory.Exists(root.EpisodeFolder(slug)); n++)
        {
            var suffix = $"-{n}";
            slug = wanted.Length + suffix.Length <= Slug.MaxLength ? wanted + suffix : wanted[..(Slug.MaxLength - suffix.Length)].TrimEnd('-') + suffix;
        }

        return slug;
    }

    public string FolderOf(Episode episode) => root.EpisodeFolder(episode.Slug);

    public async Task SaveAsync(Episode episode, CancellationToken cancellationToken = default) =>
        await AtomicFile.WriteAllTextAsync(Path.Combine(FolderOf(episode), MetadataFileName), EpisodeYaml.Serialize(episode), cancellationToken);

    public async Task SaveQcAsync(Episode episode, QcReport report, CancellationToken cancellationToken = default) =>
        await AtomicFile.WriteAllTextAsync(Path.Combine(FolderOf(episode), QcFileName), QcJson.Serialize(report), cancellationToken);

    public QcReport? LoadQc(Episode episode)
    {
        var file = Path.Combine(FolderOf(episode), QcFileName);
        return File.Exists(file) ? QcJson.Deserialize(File.ReadAllText(file)) : null;
    }

    private static Episode Load(string file)
    {
        try
        {
            return EpisodeYaml.Deserialize(File.ReadAllText(file));
        }
        catch (Exception e) when (e is YamlDotNet.Core.YamlException or FormatException)
        {
            throw new InvalidDataException($"{file}: {e.Message}", e);
        }
    }
}
