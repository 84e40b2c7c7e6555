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

    /// <summary>Up to this size a write is synchronous: on Linux an "async" file write is a blocking write on a thread-pool thread anyway, and the hop costs more than writing a page's worth of bytes.</summary>
    private const int SynchronousWriteLimit = 1 << 20;

    public static async Task WriteAllBytesAsync(string path, ReadOnlyMemory<byte> contents, CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var temp = TempPathFor(path);
        try
        {
            if (contents.Length <= SynchronousWriteLimit)
            {
                cancellationToken.ThrowIfCancellationRequested();
                using var handle = File.OpenHandle(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None);
                RandomAccess.Write(handle, contents.Span, 0);
            }
            else
            {
                await File.WriteAllBytesAsync(temp, contents, cancellationToken);
            }

            File.Move(temp, path, overwrite: true);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    /// <summary>Copies <paramref name="source"/> to <paramref name="path"/> through a temp file, so a reader sees the old file or the whole new one.</summary>
    public static async Task CopyAsync(string source, string path, CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var temp = TempPathFor(path);
        try
        {
            await using (var input = new FileStream(source, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.Asynchronous | FileOptions.SequentialScan))
            await using (var output = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous))
            {
                await input.CopyToAsync(output, cancellationToken);
            }

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
