using DigitaleFremskritt.Domain;

namespace DigitaleFremskritt.Content;

/// <summary>Episode folders under the content root, each with a human-editable episode.yaml.</summary>
public sealed class EpisodeStore(ContentRoot root)
{
    public const string MetadataFileName = "episode.yaml";
    public const string QcFileName = "qc.json";

    public ContentRoot Root => root;

    /// <summary>
    /// Every episode, in folder-name order. A folder whose episode.yaml cannot be read or parsed is skipped and reported
    /// through <paramref name="onInvalid"/> as one line "path: reason", so one hand-edited mistake never blocks the rest.
    /// Folders whose name starts with '.' (staging folders left by an interrupted ingest) are never episodes.
    /// </summary>
    public IEnumerable<Episode> LoadAll(Action<string>? onInvalid = null)
    {
        if (!Directory.Exists(root.Path))
        {
            yield break;
        }

        foreach (var folder in Directory.EnumerateDirectories(root.Path).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(folder);
            var file = Path.Combine(folder, MetadataFileName);
            if (name.StartsWith('.') || ContentRoot.ReservedNames.Contains(name) || !File.Exists(file))
            {
                continue;
            }

            Episode episode;
            try
            {
                episode = Load(file);
            }
            catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
            {
                onInvalid?.Invoke(OneLine(e is InvalidDataException ? e.Message : $"{file}: cannot be read: {e.Message}"));
                continue;
            }

            yield return episode;
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

    /// <summary>The episode made from the recording with this SHA-256, if any. Unreadable episode.yaml files are skipped as in <see cref="LoadAll"/>.</summary>
    public Episode? FindBySourceHash(string sha256, Action<string>? onInvalid = null) =>
        LoadAll(onInvalid).FirstOrDefault(e => string.Equals(e.Source.Sha256, sha256, StringComparison.OrdinalIgnoreCase));

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

    /// <summary>Parses one episode.yaml; a malformed file is an <see cref="InvalidDataException"/> whose message starts with its path.</summary>
    private static Episode Load(string file)
    {
        Episode episode;
        try
        {
            episode = EpisodeYaml.Deserialize(File.ReadAllText(file));
        }
        catch (Exception e) when (e is YamlDotNet.Core.YamlException or FormatException)
        {
            throw new InvalidDataException($"{file}: {e.Message}", e);
        }

        // The folder is the episode's identity on disk: a hand-edited slug would make two episodes share files.
        var folder = Path.GetFileName(Path.GetDirectoryName(Path.GetFullPath(file)));
        if (!string.Equals(episode.Slug, folder, StringComparison.Ordinal))
        {
            throw new InvalidDataException($"{file}: slug '{episode.Slug}' does not match the folder name '{folder}' (rename one of them)");
        }

        // A hand-edited "source:" or "media:" left empty deserialises to null despite the non-nullable properties.
        if (episode.Source is null || episode.Media is null || episode.Speakers is null || episode.Themes is null || episode.Chapters is null)
        {
            throw new InvalidDataException($"{file}: source, media, speakers, themes and chapters must not be empty (null)");
        }

        return episode;
    }

    private static string OneLine(string message) =>
        new(message.Select(c => char.IsControl(c) ? ' ' : c).ToArray());
}
