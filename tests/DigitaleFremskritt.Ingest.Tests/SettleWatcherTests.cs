using DigitaleFremskritt.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace DigitaleFremskritt.Ingest.Tests;

public sealed class SettleWatcherTests : IDisposable
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(3);

    private readonly TempFolder temp = new();

    // The fake clock starts in 2000, before any real file time: only the fake clock decides how long a file was seen unchanged.
    private readonly FakeTimeProvider clock = new();

    public void Dispose() => temp.Dispose();

    private string Write(string name, int bytes = 100)
    {
        var path = temp.File(name);
        File.WriteAllBytes(path, new byte[bytes]);
        return path;
    }

    private static void Append(string path)
    {
        using var stream = new FileStream(path, FileMode.Append, FileAccess.Write);
        stream.WriteByte(42);
    }

    [Fact]
    public void A_file_unchanged_for_the_settle_time_is_settled()
    {
        var file = Write("opptak æøå.wav");
        var watcher = new SettleWatcher(Settle, clock);

        Assert.False(watcher.IsSettled(file));
        clock.Advance(Settle - TimeSpan.FromMilliseconds(1));
        Assert.False(watcher.IsSettled(file));
        clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(watcher.IsSettled(file));
        Assert.True(watcher.IsSettled(file));
    }

    [Fact]
    public void A_file_is_never_settled_at_first_sight()
    {
        var file = Write("a.wav");
        var watcher = new SettleWatcher(Settle, clock);
        clock.Advance(TimeSpan.FromDays(1));

        Assert.False(watcher.IsSettled(file));
    }

    [Fact]
    public void A_file_whose_size_keeps_changing_is_not_settled()
    {
        var file = Write("kopieres.wav");
        var watcher = new SettleWatcher(Settle, clock);

        Assert.False(watcher.IsSettled(file));
        for (var i = 0; i < 10; i++)
        {
            clock.Advance(TimeSpan.FromSeconds(2));
            Append(file);
            Assert.False(watcher.IsSettled(file), $"settled after {i + 1} changes");
        }

        clock.Advance(Settle);
        Assert.True(watcher.IsSettled(file));
    }

    [Fact]
    public void A_file_whose_modification_time_keeps_changing_is_not_settled()
    {
        var file = Write("touch.wav");
        var watcher = new SettleWatcher(Settle, clock);
        var modified = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);

        Assert.False(watcher.IsSettled(file));
        for (var i = 0; i < 5; i++)
        {
            clock.Advance(TimeSpan.FromSeconds(2));
            File.SetLastWriteTimeUtc(file, modified.AddSeconds(i));
            Assert.False(watcher.IsSettled(file), $"settled after {i + 1} changes");
        }

        clock.Advance(Settle);
        Assert.True(watcher.IsSettled(file));
    }

    [Fact]
    public void A_growing_file_with_an_old_modification_time_is_not_settled()
    {
        // Copy tools that preserve timestamps can give a file still being written a modification time in the past.
        var now = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var file = Write("bevart tid.wav");
        var old = DateTime.UtcNow.AddHours(-1);
        File.SetLastWriteTimeUtc(file, old);
        var watcher = new SettleWatcher(Settle, now);

        Assert.False(watcher.IsSettled(file));
        for (var i = 0; i < 5; i++)
        {
            now.Advance(TimeSpan.FromSeconds(1));
            Append(file);
            File.SetLastWriteTimeUtc(file, old);
            Assert.False(watcher.IsSettled(file), $"settled after {i + 1} changes");
        }
    }

    [Fact]
    public void A_growing_file_is_not_settled_when_the_clock_runs_ahead_of_its_writes()
    {
        var now = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var file = Write("vokser.wav");
        var watcher = new SettleWatcher(Settle, now);

        Assert.False(watcher.IsSettled(file));
        for (var i = 0; i < 6; i++)
        {
            now.Advance(TimeSpan.FromSeconds(1));
            Append(file);
            Assert.False(watcher.IsSettled(file), $"settled after {i + 1} changes");
        }
    }

    [Fact]
    public void A_file_last_written_long_ago_settles_at_the_second_look()
    {
        var now = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var file = Write("gammel.wav");
        File.SetLastWriteTimeUtc(file, DateTime.UtcNow.AddHours(-1));
        var watcher = new SettleWatcher(Settle, now);

        Assert.False(watcher.IsSettled(file));
        now.Advance(TimeSpan.FromMilliseconds(100));
        Assert.True(watcher.IsSettled(file));
    }

    [Fact]
    public void Settle_time_zero_settles_at_once()
    {
        var file = Write("straks.wav");
        var watcher = new SettleWatcher(TimeSpan.Zero, clock);

        Assert.True(watcher.IsSettled(file));
        Append(file);
        Assert.True(watcher.IsSettled(file));
    }

    [Fact]
    public void A_missing_or_deleted_file_is_not_settled()
    {
        var file = Write("borte.wav");
        var watcher = new SettleWatcher(TimeSpan.Zero, clock);
        Assert.True(watcher.IsSettled(file));

        File.Delete(file);

        Assert.False(watcher.IsSettled(file));
        Assert.False(watcher.IsSettled(temp.File("fantes aldri.wav")));
    }

    [Fact]
    public void A_file_recreated_after_deletion_must_settle_again()
    {
        var file = Write("igjen.wav");
        var watcher = new SettleWatcher(Settle, clock);
        watcher.IsSettled(file);
        clock.Advance(Settle);
        Assert.True(watcher.IsSettled(file));

        File.Delete(file);
        Assert.False(watcher.IsSettled(file));
        Write("igjen.wav");

        Assert.False(watcher.IsSettled(file));
        clock.Advance(Settle);
        Assert.True(watcher.IsSettled(file));
    }

    [Fact]
    public async Task WaitAsync_with_settle_zero_returns_at_once()
    {
        var files = new[] { Write("b.wav"), Write("a.wav") };
        var watcher = new SettleWatcher(TimeSpan.Zero, clock);

        var task = watcher.WaitAsync(files, TimeSpan.FromMinutes(1));

        Assert.True(task.IsCompleted);
        var (settled, changing) = await task;
        Assert.Equal(files, settled);
        Assert.Empty(changing);
    }

    [Fact]
    public async Task WaitAsync_returns_settled_files_in_the_given_order()
    {
        var files = new[] { Write("c.wav"), Write("a.wav"), Write("b.wav") };
        var watcher = new SettleWatcher(Settle, clock);
        var start = clock.GetUtcNow();

        var (settled, changing) = await Drive(watcher.WaitAsync(files, TimeSpan.FromMinutes(1)));

        Assert.Equal(files, settled);
        Assert.Empty(changing);
        Assert.InRange(clock.GetUtcNow() - start, Settle, TimeSpan.FromMinutes(1));
    }

    [Fact]
    public async Task WaitAsync_returns_still_changing_files_after_max_wait()
    {
        var quiet = Write("ferdig.wav");
        var busy = Write("kopieres fortsatt.wav");
        var watcher = new SettleWatcher(Settle, clock);
        var maxWait = TimeSpan.FromSeconds(20);
        var waitingFor = new List<string>();
        var start = clock.GetUtcNow();

        var (settled, changing) = await Drive(watcher.WaitAsync([busy, quiet], maxWait, waitingFor.Add), () => Append(busy));

        Assert.Equal([quiet], settled);
        Assert.Equal([busy], changing);
        Assert.True(clock.GetUtcNow() - start >= maxWait);
        Assert.Contains(busy, waitingFor);
    }

    [Fact]
    public async Task WaitAsync_drops_a_file_that_disappears()
    {
        var stays = Write("blir.wav");
        var goes = Write("forsvinner.wav");
        var watcher = new SettleWatcher(Settle, clock);

        var task = watcher.WaitAsync([goes, stays], TimeSpan.FromMinutes(1));
        File.Delete(goes);
        var (settled, changing) = await Drive(task);

        Assert.Equal([stays], settled);
        Assert.Empty(changing);
    }

    [Fact]
    public async Task WaitAsync_can_be_cancelled()
    {
        var file = Write("a.wav");
        var watcher = new SettleWatcher(Settle, clock);
        using var cancellation = new CancellationTokenSource();

        var task = watcher.WaitAsync([file], TimeSpan.FromMinutes(1), cancellationToken: cancellation.Token);
        Assert.False(task.IsCompleted);
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => task);
    }

    /// <summary>Moves the fake clock in small steps until <paramref name="task"/> completes, running <paramref name="eachStep"/> before each step.</summary>
    private async Task<T> Drive<T>(Task<T> task, Action? eachStep = null)
    {
        for (var i = 0; i < 2000 && !task.IsCompleted; i++)
        {
            eachStep?.Invoke();
            clock.Advance(TimeSpan.FromMilliseconds(250));
            await Task.Delay(1);
        }

        Assert.True(task.IsCompleted, "WaitAsync did not finish");
        return await task;
    }
}
