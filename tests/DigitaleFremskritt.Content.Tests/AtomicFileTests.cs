using DigitaleFremskritt.TestSupport;

namespace DigitaleFremskritt.Content.Tests;

public sealed class AtomicFileTests : IDisposable
{
    private readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public async Task WriteAllTextAsync_creates_the_folder_and_writes_utf8()
    {
        var path = Path.Combine(temp.Path, "ny mappe", "blåbær", "episode.yaml");

        await AtomicFile.WriteAllTextAsync(path, "title: Blåbærsyltetøy\n");

        Assert.Equal("title: Blåbærsyltetøy\n", await File.ReadAllTextAsync(path));
        Assert.Equal("title: Blåbærsyltetøy\n"u8.ToArray(), await File.ReadAllBytesAsync(path));
    }

    [Fact]
    public async Task WriteAllTextAsync_replaces_an_existing_file_and_leaves_no_temp_files()
    {
        var path = temp.File("qc.json");
        await File.WriteAllTextAsync(path, new string('x', 10_000));

        await AtomicFile.WriteAllTextAsync(path, "{}");

        Assert.Equal("{}", await File.ReadAllTextAsync(path));
        Assert.Equal(["qc.json"], Directory.GetFiles(temp.Path).Select(Path.GetFileName));
    }

    [Fact]
    public async Task WriteAllTextAsync_replaces_by_rename_so_an_open_reader_keeps_the_old_content()
    {
        var path = temp.File("episode.yaml");
        await File.WriteAllTextAsync(path, "old");
        await using var reader = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);

        await AtomicFile.WriteAllTextAsync(path, "new content");

        // The reader still has the old file (inode) open: the new content arrived as a whole new file.
        using var text = new StreamReader(reader);
        Assert.Equal("old", await text.ReadToEndAsync());
        Assert.Equal("new content", await File.ReadAllTextAsync(path));
    }

    [Fact]
    public async Task WriteAllTextAsync_many_times_leaves_only_the_last_content()
    {
        var path = temp.File("episode.yaml");

        for (var i = 0; i < 20; i++)
        {
            await AtomicFile.WriteAllTextAsync(path, $"version {i}");
        }

        Assert.Equal("version 19", await File.ReadAllTextAsync(path));
        Assert.Single(Directory.GetFiles(temp.Path));
    }

    [Fact]
    public async Task WriteAllTextAsync_cancelled_leaves_the_old_file_and_no_temp_file()
    {
        var path = temp.File("episode.yaml");
        await File.WriteAllTextAsync(path, "old");
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => AtomicFile.WriteAllTextAsync(path, "new", cancellation.Token));

        Assert.Equal("old", await File.ReadAllTextAsync(path));
        Assert.Equal(["episode.yaml"], Directory.GetFiles(temp.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void TempPathFor_is_hidden_unique_and_in_the_same_folder()
    {
        var final = temp.File("episode.yaml");

        var first = AtomicFile.TempPathFor(final);
        var second = AtomicFile.TempPathFor(final);

        Assert.Equal(temp.Path, Path.GetDirectoryName(first));
        Assert.StartsWith(".episode.yaml.", Path.GetFileName(first), StringComparison.Ordinal);
        Assert.EndsWith(".tmp", first, StringComparison.Ordinal);
        Assert.NotEqual(first, second);
    }

    [Fact]
    public void TryDelete_removes_a_file_and_ignores_a_missing_one()
    {
        var path = temp.File("x.tmp");
        File.WriteAllText(path, "x");

        AtomicFile.TryDelete(path);
        AtomicFile.TryDelete(path);

        Assert.False(File.Exists(path));
    }
}
