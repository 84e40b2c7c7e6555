namespace DigitaleFremskritt.Build;

/// <summary>
/// A further part of the build (the website) that writes into the same output folder after the feeds. Files it
/// writes through <see cref="BuildContext"/> count as built: they are kept, hashed for publishing, and removed
/// again when a later build no longer writes them.
/// </summary>
public interface IBuildStep
{
    /// <summary>For the build's report, e.g. "site" or "search index".</summary>
    string Name { get; }

    Task RunAsync(BuildContext context, CancellationToken cancellationToken);
}

/// <summary>What a build step sees: the finished feeds and episodes, and a way to write files.</summary>
public sealed class BuildContext(BuildResult result, Func<string, ReadOnlyMemory<byte>, CancellationToken, Task> write)
{
    public BuildResult Result => result;

    /// <summary>
    /// Writes a file of the public tree (relative name, '/'-separated) atomically, and only if its bytes changed. Safe
    /// to call from several threads at once; the bytes are not kept, so the caller may reuse its buffer afterwards.
    /// </summary>
    public Task WriteAsync(string name, ReadOnlyMemory<byte> contents, CancellationToken cancellationToken = default) => write(name, contents, cancellationToken);
}
