namespace DigitaleFremskritt.Transcription.Models;

/// <summary>One row of `models list`.</summary>
/// <param name="InCatalog">False for other *.bin files found in the models folder.</param>
/// <param name="PartialBytes">Size of an interrupted download waiting to be resumed, if any.</param>
public sealed record ModelListEntry(
    string Name,
    string Path,
    bool InCatalog,
    bool Downloaded,
    long? Bytes,
    long? PartialBytes,
    string? Description,
    string? Url);

/// <summary>What `models list` shows: every catalog model with its download state, then other model files in the folder.</summary>
public static class ModelList
{
    public static IReadOnlyList<ModelListEntry> Build(ModelOptions options)
    {
        var entries = new List<ModelListEntry>();
        var known = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, source) in options.Catalog.OrderBy(pair => pair.Key, StringComparer.OrdinalIgnoreCase))
        {
            if (!ModelCatalog.IsValidName(name))
            {
                continue;
            }

            var path = options.PathFor(name);
            known.Add(path);
            var file = new FileInfo(path);
            var partial = new FileInfo(ModelDownloader.PartialPathFor(path));
            entries.Add(new(
                name,
                path,
                InCatalog: true,
                Downloaded: file.Exists,
                Bytes: file.Exists ? file.Length : null,
                PartialBytes: partial.Exists ? partial.Length : null,
                source.Description,
                StripQuery(source.Url)));
        }

        var folder = System.IO.Path.GetFullPath(options.ModelsFolder);
        if (!Directory.Exists(folder))
        {
            return entries;
        }

        var others = new DirectoryInfo(folder).EnumerateFiles("*.bin")
            .Where(file => file.Extension.Equals(".bin", StringComparison.OrdinalIgnoreCase) && !known.Contains(file.FullName))
            .OrderBy(file => file.Name, StringComparer.OrdinalIgnoreCase);
        foreach (var file in others)
        {
            entries.Add(new(NameOf(file.Name), file.FullName, InCatalog: false, Downloaded: true, file.Length, PartialBytes: null, Description: null, Url: null));
        }

        return entries;
    }

    /// <summary>"ggml-foo.bin" is model "foo" (what ActiveModel accepts); any other file goes by its file name.</summary>
    private static string NameOf(string fileName)
    {
        var stem = System.IO.Path.GetFileNameWithoutExtension(fileName);
        return stem.StartsWith("ggml-", StringComparison.OrdinalIgnoreCase) && stem.Length > 5 ? stem[5..] : fileName;
    }

    /// <summary>Query strings can carry access tokens; lists are printed and pasted into chats.</summary>
    private static string? StripQuery(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.GetLeftPart(UriPartial.Path) : null;
}
