namespace DigitaleFremskritt.Content;

/// <summary>Writes that a reader never sees half-done: a temp file in the same folder, then a rename.</summary>
public static class AtomicFile
{
    /// <summary>A hidden temp name next to <paramref name="finalPath"/>, so the rename stays on one file system.</summary>
    public static string TempPathFor(string finalPath)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(finalPath))!;
        return Path.Combine(folder, $".{Path.GetFileName(finalPath)}.{Guid.NewGuid():N}.tmp");
    }

    public static async Task WriteAllTextAsync(string path, string contents, CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var temp = TempPathFor(path);
        try
        {
            await File.WriteAllTextAsync(temp, contents, cancellationToken);
            File.Move(temp, path, overwrite: true);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    public static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
