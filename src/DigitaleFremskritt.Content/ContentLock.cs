namespace DigitaleFremskritt.Content;

/// <summary>
/// One writer per content root at a time (ingest, transcribe): an exclusive lock on &lt;content&gt;/.ingest.lock,
/// released when disposed or when the process dies.
/// </summary>
public static class ContentLock
{
    public const string FileName = ".ingest.lock";

    public static IDisposable Acquire(ContentRoot root)
    {
        Directory.CreateDirectory(root.Path);
        try
        {
            return new FileStream(Path.Combine(root.Path, FileName), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
        }
        catch (IOException e)
        {
            throw new ContentBusyException($"another fremskritt run is already working on {root.Path} ({FileName} is locked); try again when it has finished", e);
        }
    }
}

/// <summary>Another run holds the content root's lock.</summary>
public sealed class ContentBusyException(string message, Exception? inner = null) : Exception(message, inner);
