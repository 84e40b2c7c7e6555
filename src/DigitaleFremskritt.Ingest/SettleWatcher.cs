namespace DigitaleFremskritt.Ingest;

/// <summary>
/// Decides when a dropped file has finished copying: its size and modification time must stay unchanged for the
/// settle time. One snapshot per check; the clock is injectable for tests.
/// </summary>
public sealed class SettleWatcher(TimeSpan settleTime, TimeProvider? clock = null)
{
    private readonly TimeProvider clock = clock ?? TimeProvider.System;
    private readonly Dictionary<string, (long Size, DateTime Modified, DateTimeOffset Since)> seen = new(StringComparer.Ordinal);

    /// <summary>True once the file has looked the same for the whole settle time.</summary>
    public bool IsSettled(string path)
    {
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            seen.Remove(path);
            return false;
        }

        var now = clock.GetUtcNow();
        var snapshot = (info.Length, info.LastWriteTimeUtc);
        if (!seen.TryGetValue(path, out var previous) || previous.Size != snapshot.Length || previous.Modified != snapshot.LastWriteTimeUtc)
        {
            // First sight: the file has been stable at least since its last write. A change we just saw restarts the
            // clock now: its modification time may lie in the past (copy tools that preserve timestamps, clock skew).
            var lastWrite = new DateTimeOffset(snapshot.LastWriteTimeUtc, TimeSpan.Zero);
            var since = previous == default && lastWrite < now ? lastWrite : now;
            seen[path] = (snapshot.Length, snapshot.LastWriteTimeUtc, since);
            return settleTime <= TimeSpan.Zero;
        }

        return now - previous.Since >= settleTime;
    }

    /// <summary>
    /// Waits until each file settles, up to <paramref name="maxWait"/>. Returns the settled files in the given order
    /// and the ones still changing (left for the next run).
    /// </summary>
    public async Task<(IReadOnlyList<string> Settled, IReadOnlyList<string> StillChanging)> WaitAsync(
        IReadOnlyList<string> files, TimeSpan maxWait, Action<string>? waiting = null, CancellationToken cancellationToken = default)
    {
        var pending = files.ToList();
        var settled = new HashSet<string>(StringComparer.Ordinal);
        var deadline = clock.GetUtcNow() + maxWait;
        var poll = TimeSpan.FromMilliseconds(Math.Clamp(settleTime.TotalMilliseconds / 4, 50, 1000));
        while (true)
        {
            foreach (var file in pending.ToList())
            {
                if (IsSettled(file))
                {
                    settled.Add(file);
                    pending.Remove(file);
                }
                else if (!File.Exists(file))
                {
                    pending.Remove(file);
                }
            }

            if (pending.Count == 0 || clock.GetUtcNow() >= deadline)
            {
                break;
            }

            waiting?.Invoke(pending[0]);
            await Task.Delay(poll, clock, cancellationToken);
        }

        return (files.Where(settled.Contains).ToList(), pending);
    }
}
