using System.Security.Cryptography;

namespace DigitaleFremskritt.Content;

/// <summary>Content-addressed storage for media binaries: media/&lt;first two hex&gt;/&lt;sha256&gt;.&lt;ext&gt;.</summary>
public sealed class MediaStore(ContentRoot root)
{
    private const int BufferSize = 1 << 20;

    /// <summary>A fresh scratch path in the store's work folder; the caller writes there, then calls <see cref="AddAsync"/>.</summary>
    public string NewWorkPath(string extension)
    {
        Directory.CreateDirectory(root.Work);
        return Path.Combine(root.Work, $"{Guid.NewGuid():N}{extension}");
    }

    /// <summary>Moves a finished file from the work folder into the store under its hash.</summary>
    public async Task<StoredFile> AddAsync(string workFile, CancellationToken cancellationToken = default)
    {
        var (sha256, bytes) = await HashFileAsync(workFile, cancellationToken);
        var final = PathFor(root.MediaStore, sha256, Path.GetExtension(workFile));
        Directory.CreateDirectory(Path.GetDirectoryName(final)!);
        MoveIntoStore(workFile, final);
        return new StoredFile(root.Relative(final), sha256, bytes);
    }

    /// <summary>
    /// Copies an original into media/originals byte for byte, hashing as it streams, and verifies the copy
    /// before it becomes visible. The source is only read.
    /// </summary>
    public async Task<StoredFile> ArchiveOriginalAsync(string source, IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(root.Originals);
        var temp = Path.Combine(root.Originals, $".{Guid.NewGuid():N}.tmp");
        string sha256;
        long bytes;
        try
        {
            using (var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256))
            {
                await using var input = new FileStream(source, FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize, FileOptions.Asynchronous | FileOptions.SequentialScan);
                await using var output = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, BufferSize, FileOptions.Asynchronous);
                var buffer = new byte[BufferSize];
                int read;
                bytes = 0;
                while ((read = await input.ReadAsync(buffer, cancellationToken)) > 0)
                {
                    hash.AppendData(buffer, 0, read);
                    await output.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                    bytes += read;
                    progress?.Report(bytes);
                }

                await output.FlushAsync(cancellationToken);
                output.Flush(flushToDisk: true);
                sha256 = Convert.ToHexStringLower(hash.GetHashAndReset());
            }

            var (copyHash, _) = await HashFileAsync(temp, cancellationToken);
            if (copyHash != sha256)
            {
                throw new IOException($"archived copy of '{source}' does not match the original (SHA-256 {copyHash} != {sha256})");
            }

            var final = Path.Combine(root.Originals, sha256 + Path.GetExtension(source).ToLowerInvariant());
            if (MoveIntoStore(temp, final) && !OperatingSystem.IsWindows())
            {
                // Read-only: the archive is the one copy that must never change.
                File.SetUnixFileMode(final, UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
            }

            return new StoredFile(root.Relative(final), sha256, bytes);
        }
        catch
        {
            AtomicFile.TryDelete(temp);
            throw;
        }
    }

    /// <summary>
    /// Renames a finished file to its content-addressed name, unless that name exists already: then the same bytes are
    /// stored (by an earlier run, or by another recording ingested at the same moment) and the file is dropped.
    /// Returns whether this call put the file in place.
    /// </summary>
    private static bool MoveIntoStore(string file, string final)
    {
        if (!File.Exists(final))
        {
            try
            {
                File.Move(file, final);
                return true;
            }
            catch (IOException) when (File.Exists(final))
            {
                // Another writer renamed the same content into place first.
            }
        }

        File.Delete(file);
        return false;
    }

    public static async Task<(string Sha256, long Bytes)> HashFileAsync(string path, CancellationToken cancellationToken = default)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize, FileOptions.Asynchronous | FileOptions.SequentialScan);
        var hash = await SHA256.HashDataAsync(stream, cancellationToken);
        return (Convert.ToHexStringLower(hash), stream.Length);
    }

    private static string PathFor(string folder, string sha256, string extension) =>
        Path.Combine(folder, sha256[..2], sha256 + extension.ToLowerInvariant());
}

public sealed record StoredFile(string Path, string Sha256, long Bytes);
