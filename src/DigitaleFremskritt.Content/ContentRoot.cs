namespace DigitaleFremskritt.Content;

/// <summary>
/// The layout of the content root:
/// <code>
/// ingest/            producers drop recordings (+ sidecars) here
/// ingest/failed/     rejected recordings, untouched, each with a .error.txt
/// ingest/done/       recordings that were archived and processed
/// media/             content-addressed media store (gitignored)
/// media/originals/   archived originals, byte for byte
/// out/               the built public tree: feeds, transcripts, chapters, artwork (fremskritt build)
/// published/         the default local publish target: one folder per container
/// &lt;slug&gt;/           one folder per episode: episode.yaml, qc.json (text, for git)
/// </code>
/// </summary>
public sealed class ContentRoot
{
    public ContentRoot(string path)
    {
        Path = System.IO.Path.GetFullPath(path);
    }

    public string Path { get; }

    public string Ingest => Combine("ingest");

    public string Failed => Combine("ingest", "failed");

    public string Done => Combine("ingest", "done");

    public string MediaStore => Combine("media");

    public string Originals => Combine("media", "originals");

    /// <summary>Scratch space on the same file system, so finished files can be renamed into place.</summary>
    public string Work => Combine("media", ".work");

    /// <summary>Folder names directly under the root that are never episode folders.</summary>
    public static readonly IReadOnlySet<string> ReservedNames =
        new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "ingest", "media", "site", "out", "published" };

    public string EpisodeFolder(string slug)
    {
        if (!Domain.Slug.IsValid(slug) || ReservedNames.Contains(slug))
        {
            throw new ArgumentException($"'{slug}' is not a valid episode slug", nameof(slug));
        }

        return Combine(slug);
    }

    /// <summary>Resolves a path relative to the root and refuses anything that would land outside it.</summary>
    public string Resolve(string relative)
    {
        var full = System.IO.Path.GetFullPath(System.IO.Path.Combine(Path, relative));
        if (!IsInside(full))
        {
            throw new UnauthorizedAccessException($"path '{relative}' escapes the content root");
        }

        return full;
    }

    public string Relative(string fullPath) => System.IO.Path.GetRelativePath(Path, fullPath).Replace('\\', '/');

    public bool IsInside(string fullPath)
    {
        var root = Path.EndsWith(System.IO.Path.DirectorySeparatorChar) ? Path : Path + System.IO.Path.DirectorySeparatorChar;
        return System.IO.Path.GetFullPath(fullPath).StartsWith(root, StringComparison.Ordinal);
    }

    private string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);
}

/// <summary>Where relative asset paths from configuration (cover art) are looked up.</summary>
public static class AssetPaths
{
    /// <summary>
    /// An absolute path as is; a relative one against the folder above the content root (the repository by default),
    /// then against the application folder, which ships the default covers.
    /// </summary>
    public static string? Resolve(ContentRoot root, string? path)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            return null;
        }

        if (System.IO.Path.IsPathRooted(path))
        {
            return path;
        }

        var candidates = Candidates(root, path);
        return candidates.FirstOrDefault(File.Exists) ?? candidates.First();
    }

    /// <summary>Like <see cref="Resolve"/>, for a folder (the site's themes and gatherings).</summary>
    public static string? ResolveFolder(ContentRoot root, string? path)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            return null;
        }

        if (System.IO.Path.IsPathRooted(path))
        {
            return path;
        }

        var candidates = Candidates(root, path);
        return candidates.FirstOrDefault(Directory.Exists) ?? candidates.First();
    }

    private static List<string> Candidates(ContentRoot root, string path) =>
        [.. new[] { System.IO.Path.GetDirectoryName(root.Path) ?? root.Path, AppContext.BaseDirectory }
            .Select(folder => System.IO.Path.GetFullPath(System.IO.Path.Combine(folder, path)))];
}
