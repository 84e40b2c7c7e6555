using System.Security.Cryptography;
using DigitaleFremskritt.TestSupport;

namespace DigitaleFremskritt.Content.Tests;

public sealed class MediaStoreTests : IDisposable
{
    private readonly TempFolder temp = new();
    private readonly ContentRoot root;
    private readonly MediaStore store;

    public MediaStoreTests()
    {
        root = new ContentRoot(temp.Folder("episodes"));
        store = new MediaStore(root);
    }

    public void Dispose() => temp.Dispose();

    private static byte[] RandomBytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    private static string Sha256Of(string path) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));

    private string WriteSource(string name, byte[] bytes)
    {
        var path = Path.Combine(temp.Folder("ingest kilde"), name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    [Fact]
    public async Task ArchiveOriginalAsync_copies_byte_for_byte_under_the_hash()
    {
        // Larger than the 1 MiB copy buffer, and not a multiple of it.
        var bytes = RandomBytes((2 << 20) + 12345, seed: 1);
        var source = WriteSource("Opptak æøå.WAV", bytes);
        var expectedHash = Convert.ToHexStringLower(SHA256.HashData(bytes));

        var stored = await store.ArchiveOriginalAsync(source);

        Assert.Equal(expectedHash, stored.Sha256);
        Assert.Equal(bytes.Length, stored.Bytes);
        Assert.Equal($"media/originals/{expectedHash}.wav", stored.Path);
        var archive = root.Resolve(stored.Path);
        Assert.Equal(Sha256Of(source), Sha256Of(archive));
        Assert.Equal(bytes, await File.ReadAllBytesAsync(archive));
    }

    [Fact]
    public async Task ArchiveOriginalAsync_leaves_the_source_untouched()
    {
        var bytes = RandomBytes(300_000, seed: 2);
        var source = WriteSource("intervju.flac", bytes);
        var modified = new DateTime(2024, 3, 5, 10, 30, 0, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(source, modified);

        await store.ArchiveOriginalAsync(source);

        Assert.True(File.Exists(source));
        Assert.Equal(bytes, await File.ReadAllBytesAsync(source));
        Assert.Equal(modified, File.GetLastWriteTimeUtc(source));
    }

    [Fact]
    public async Task ArchiveOriginalAsync_makes_the_archive_read_only()
    {
        var source = WriteSource("intervju.mp3", RandomBytes(1000, seed: 3));

        var stored = await store.ArchiveOriginalAsync(source);

        var archive = root.Resolve(stored.Path);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead, File.GetUnixFileMode(archive));
        }
    }

    [Fact]
    public async Task ArchiveOriginalAsync_same_content_twice_gives_the_same_path_and_no_leftovers()
    {
        var bytes = RandomBytes(50_000, seed: 4);
        var first = WriteSource("a.wav", bytes);
        var second = WriteSource("kopi av a.wav", bytes);

        var one = await store.ArchiveOriginalAsync(first);
        var two = await store.ArchiveOriginalAsync(second);

        Assert.Equal(one, two);
        Assert.Equal([Path.GetFileName(root.Resolve(one.Path))], Directory.GetFiles(root.Originals).Select(Path.GetFileName));
        Assert.Empty(Directory.GetFiles(root.Originals, "*.tmp", SearchOption.AllDirectories));
        Assert.Equal(bytes, await File.ReadAllBytesAsync(root.Resolve(one.Path)));
    }

    [Fact]
    public async Task ArchiveOriginalAsync_different_content_gives_different_paths()
    {
        var one = await store.ArchiveOriginalAsync(WriteSource("a.wav", RandomBytes(1000, seed: 5)));
        var two = await store.ArchiveOriginalAsync(WriteSource("b.wav", RandomBytes(1000, seed: 6)));

        Assert.NotEqual(one.Sha256, two.Sha256);
        Assert.NotEqual(one.Path, two.Path);
        Assert.Equal(2, Directory.GetFiles(root.Originals).Length);
    }

    [Fact]
    public async Task ArchiveOriginalAsync_reports_progress_up_to_the_file_size()
    {
        var bytes = RandomBytes((1 << 20) + 10, seed: 7);
        var source = WriteSource("lang.wav", bytes);
        var reports = new List<long>();

        await store.ArchiveOriginalAsync(source, new SynchronousProgress(reports.Add));

        Assert.Equal(bytes.Length, reports[^1]);
        Assert.Equal(reports.Order(), reports);
    }

    [Fact]
    public async Task ArchiveOriginalAsync_of_an_empty_file_stores_the_empty_hash()
    {
        var stored = await store.ArchiveOriginalAsync(WriteSource("tom.wav", []));

        Assert.Equal("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", stored.Sha256);
        Assert.Equal(0, stored.Bytes);
    }

    [Fact]
    public async Task ArchiveOriginalAsync_of_a_missing_file_fails_and_leaves_no_temp_file()
    {
        await Assert.ThrowsAsync<FileNotFoundException>(() => store.ArchiveOriginalAsync(temp.File("finnes ikke.wav")));

        Assert.Empty(Directory.GetFiles(root.Originals, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task ArchiveOriginalAsync_cancelled_leaves_no_temp_file()
    {
        var source = WriteSource("a.wav", RandomBytes(10_000, seed: 8));
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => store.ArchiveOriginalAsync(source, cancellationToken: cancellation.Token));

        Assert.Empty(Directory.GetFiles(root.Originals, "*", SearchOption.AllDirectories));
        Assert.True(File.Exists(source));
    }

    [Fact]
    public async Task AddAsync_moves_a_work_file_into_the_store_under_its_hash()
    {
        var bytes = RandomBytes(4096, seed: 9);
        var work = store.NewWorkPath(".MP3");
        await File.WriteAllBytesAsync(work, bytes);
        var hash = Convert.ToHexStringLower(SHA256.HashData(bytes));

        var stored = await store.AddAsync(work);

        Assert.Equal($"media/{hash[..2]}/{hash}.mp3", stored.Path);
        Assert.Equal(hash, stored.Sha256);
        Assert.Equal(4096, stored.Bytes);
        Assert.False(File.Exists(work));
        Assert.Equal(bytes, await File.ReadAllBytesAsync(root.Resolve(stored.Path)));
    }

    [Fact]
    public async Task AddAsync_of_content_already_stored_keeps_one_copy_and_removes_the_work_file()
    {
        var bytes = RandomBytes(2048, seed: 10);
        var first = store.NewWorkPath(".mp3");
        await File.WriteAllBytesAsync(first, bytes);
        var second = store.NewWorkPath(".mp3");
        await File.WriteAllBytesAsync(second, bytes);

        var one = await store.AddAsync(first);
        var two = await store.AddAsync(second);

        Assert.Equal(one, two);
        Assert.False(File.Exists(second));
        Assert.Empty(Directory.GetFiles(root.Work));
        Assert.Single(Directory.GetFiles(Path.GetDirectoryName(root.Resolve(one.Path))!));
    }

    [Fact]
    public void NewWorkPath_is_unique_in_the_work_folder_with_the_extension()
    {
        var first = store.NewWorkPath(".wav");
        var second = store.NewWorkPath(".wav");

        Assert.True(Directory.Exists(root.Work));
        Assert.Equal(root.Work, Path.GetDirectoryName(first));
        Assert.EndsWith(".wav", first, StringComparison.Ordinal);
        Assert.NotEqual(first, second);
    }

    [Fact]
    public async Task HashFileAsync_returns_the_sha256_and_length()
    {
        var path = temp.File("hei.txt");
        await File.WriteAllTextAsync(path, "abc");

        var (sha256, bytes) = await MediaStore.HashFileAsync(path);

        Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", sha256);
        Assert.Equal(3, bytes);
    }

    private sealed class SynchronousProgress(Action<long> report) : IProgress<long>
    {
        public void Report(long value) => report(value);
    }
}
