using DigitaleFremskritt.Content;
using DigitaleFremskritt.TestSupport;

namespace DigitaleFremskritt.Ingest.Tests;

public sealed class IngestFolderTests : IDisposable
{
    private readonly TempFolder temp = new();
    private readonly ContentRoot root;
    private readonly IngestFolder ingest;

    public IngestFolderTests()
    {
        root = new ContentRoot(temp.Folder("episodes"));
        ingest = new IngestFolder(root);
        Directory.CreateDirectory(root.Ingest);
    }

    public void Dispose() => temp.Dispose();

    private string Drop(string name, byte[]? bytes = null, DateTime? modifiedUtc = null)
    {
        var path = Path.Combine(root.Ingest, name);
        File.WriteAllBytes(path, bytes ?? [1, 2, 3, 4]);
        if (modifiedUtc is { } modified)
        {
            File.SetLastWriteTimeUtc(path, modified);
        }

        return path;
    }

    private static IEnumerable<string> Names(IEnumerable<string> paths) => paths.Select(Path.GetFileName)!;

    [Fact]
    public void FindRecordings_in_a_missing_folder_is_empty()
    {
        Directory.Delete(root.Ingest);

        Assert.Empty(ingest.FindRecordings());
        Assert.Empty(ingest.FindUnknownFiles());
    }

    [Fact]
    public void FindRecordings_returns_audio_and_video_oldest_first()
    {
        var day = new DateTime(2024, 3, 5, 12, 0, 0, DateTimeKind.Utc);
        Drop("nyest.mp4", modifiedUtc: day.AddHours(2));
        Drop("eldst.wav", modifiedUtc: day);
        Drop("midt.flac", modifiedUtc: day.AddHours(1));

        Assert.Equal(["eldst.wav", "midt.flac", "nyest.mp4"], Names(ingest.FindRecordings()));
        Assert.All(ingest.FindRecordings(), p => Assert.Equal(root.Ingest, Path.GetDirectoryName(p)));
    }

    [Fact]
    public void FindRecordings_orders_equal_times_by_name()
    {
        var time = new DateTime(2024, 3, 5, 12, 0, 0, DateTimeKind.Utc);
        Drop("b.wav", modifiedUtc: time);
        Drop("a.wav", modifiedUtc: time);

        Assert.Equal(["a.wav", "b.wav"], Names(ingest.FindRecordings()));
    }

    [Fact]
    public void FindRecordings_includes_names_with_spaces_and_norwegian_letters()
    {
        Drop("Intervju med Åse Bråten.m4a");
        Drop("blåbær og tyttebær (1).MP3");
        Drop("ærlig talt.mov");

        Assert.Equal(
            ["blåbær og tyttebær (1).MP3", "Intervju med Åse Bråten.m4a", "ærlig talt.mov"],
            Names(ingest.FindRecordings()).Order(StringComparer.OrdinalIgnoreCase));
    }

    [Fact]
    public void FindRecordings_skips_hidden_partial_non_media_and_sidecars()
    {
        Drop("ekte.wav");
        Drop(".skjult.wav");
        Drop("._ekte.wav");
        Drop("laster ned.wav.part");
        Drop("laster ned.mp4.crdownload");
        Drop("halv.wav.partial");
        Drop("nesten.mp3.download");
        Drop("kopi.wav.tmp");
        Drop("backup.wav~");
        Drop("ekte.yaml");
        Drop("ekte.md");
        Drop("notater.txt");
        Drop("omslag.jpg");
        Directory.CreateDirectory(Path.Combine(root.Ingest, "mappe.wav"));
        Directory.CreateDirectory(root.Failed);
        File.WriteAllBytes(Path.Combine(root.Failed, "feilet.wav"), [1]);

        Assert.Equal(["ekte.wav"], Names(ingest.FindRecordings()));
    }

    [Fact]
    public void FindUnknownFiles_lists_files_that_are_neither_recordings_nor_sidecars()
    {
        Drop("ekte.wav");
        Drop("ekte.yaml");
        Drop("annen.yml");
        Drop("notat.md");
        Drop(".DS_Store");
        Drop("gammel.wav.error.txt");
        Drop("notater.txt");
        Drop("omslag æøå.jpg");
        Drop("arkiv.zip");

        Assert.Equal(["arkiv.zip", "notater.txt", "omslag æøå.jpg"], Names(ingest.FindUnknownFiles()));
    }

    [Fact]
    public void FindUnknownFiles_ignores_partial_downloads()
    {
        Drop("laster ned.wav.part");
        Drop("laster ned.mp4.crdownload");
        Drop("halv.wav.partial");
        Drop("nesten.mp3.download");
        Drop("kopi.wav.tmp");
        Drop("backup.wav~");
        Drop("NOE.ZIP.PART");
        Drop("notat.pdf");

        Assert.Equal(["notat.pdf"], Names(ingest.FindUnknownFiles()));
    }

    [Fact]
    public void FindUnknownFiles_treats_upper_case_sidecar_extensions_as_sidecars()
    {
        Drop("a.wav");
        Drop("a.YAML");
        Drop("b.Md");

        Assert.Empty(ingest.FindUnknownFiles());
    }

    [Fact]
    public void FindOrphanSidecars_lists_sidecars_without_a_recording_of_the_same_stem()
    {
        Drop("med opptak.wav");
        Drop("med opptak.yaml");
        Drop("VIDEO.mov");
        Drop("VIDEO.MD");
        Drop("laster ned.mp4.part");
        Drop("laster ned.yml");
        Drop("foreldreløs æøå.yaml");
        Drop("Foreldreløs.YML");
        Drop("stor forskjell.yaml");
        Drop("Stor forskjell.wav");
        Drop("notat.md");
        Drop(".skjult.yaml");
        Drop("notater.txt");
        Drop("gammel.wav.error.txt");
        Directory.CreateDirectory(Path.Combine(root.Ingest, "mappe.yaml"));
        Directory.CreateDirectory(root.Failed);
        File.WriteAllText(Path.Combine(root.Failed, "feilet.yaml"), "x");

        var orphans = ingest.FindOrphanSidecars();

        Assert.Equal(["Foreldreløs.YML", "foreldreløs æøå.yaml", "notat.md", "stor forskjell.yaml"], Names(orphans));
        Assert.All(orphans, p => Assert.Equal(root.Ingest, Path.GetDirectoryName(p)));
    }

    [Fact]
    public void FindOrphanSidecars_in_a_missing_or_empty_folder_is_empty()
    {
        Assert.Empty(ingest.FindOrphanSidecars());
        Directory.Delete(root.Ingest);
        Assert.Empty(ingest.FindOrphanSidecars());
    }

    [Fact]
    public async Task MoveToFailedAsync_moves_an_upper_case_sidecar_and_keeps_its_name()
    {
        var recording = Drop("Opptak.wav");
        Drop("Opptak.YAML", "title: Hei\n"u8.ToArray());

        var moved = await ingest.MoveToFailedAsync(recording, "feil");

        Assert.Equal(Path.Combine(root.Failed, "Opptak.wav"), moved);
        Assert.Equal("title: Hei\n", await File.ReadAllTextAsync(Path.Combine(root.Failed, "Opptak.YAML")));
        Assert.Empty(Directory.GetFiles(root.Ingest));
    }

    [Fact]
    public void MoveToDone_moves_a_mixed_case_sidecar_too()
    {
        Drop("Ferdig.Yml", "title: x\n"u8.ToArray());
        var moved = ingest.MoveToDone(Drop("Ferdig.mp3"));

        Assert.Equal(["Ferdig.Yml", "Ferdig.mp3"], Names(Directory.GetFiles(root.Done)).Order(StringComparer.Ordinal));
        Assert.Equal(Path.Combine(root.Done, "Ferdig.mp3"), moved);
        Assert.Empty(Directory.GetFiles(root.Ingest));
    }

    [Fact]
    public async Task MoveToFailedAsync_moves_recording_and_sidecar_untouched_and_writes_the_reason()
    {
        var bytes = Enumerable.Range(0, 5000).Select(i => (byte)i).ToArray();
        var recording = Drop("Intervju æøå.wav", bytes);
        var sidecar = Drop("Intervju æøå.yaml", "title: Hei\n"u8.ToArray());

        var moved = await ingest.MoveToFailedAsync(recording, "sidecar Intervju æøå.yaml: line 2: unknown field 'tittel'", "abc123");

        Assert.Equal(Path.Combine(root.Failed, "Intervju æøå.wav"), moved);
        Assert.False(File.Exists(recording));
        Assert.False(File.Exists(sidecar));
        Assert.Equal(bytes, await File.ReadAllBytesAsync(moved));
        Assert.Equal("title: Hei\n", await File.ReadAllTextAsync(Path.Combine(root.Failed, "Intervju æøå.yaml")));
        var error = await File.ReadAllTextAsync(moved + ".error.txt");
        Assert.StartsWith("Intervju æøå.wav: sidecar Intervju æøå.yaml: line 2: unknown field 'tittel'\n", error, StringComparison.Ordinal);
        Assert.Contains("sha256: abc123\n", error, StringComparison.Ordinal);
        Assert.Contains("failed at: ", error, StringComparison.Ordinal);
        Assert.Equal(
            ["Intervju æøå.wav", "Intervju æøå.wav.error.txt", "Intervju æøå.yaml"],
            Names(Directory.GetFiles(root.Failed)).Order(StringComparer.Ordinal));
        Assert.Empty(ingest.FindRecordings());
    }

    [Fact]
    public async Task MoveToFailedAsync_without_hash_or_sidecar()
    {
        var recording = Drop("kort.mp3");

        var moved = await ingest.MoveToFailedAsync(recording, "too short: 1.2 s (minimum 3 s)");

        var error = await File.ReadAllTextAsync(moved + ".error.txt");
        Assert.StartsWith("kort.mp3: too short: 1.2 s (minimum 3 s)\n", error, StringComparison.Ordinal);
        Assert.DoesNotContain("sha256", error, StringComparison.Ordinal);
        Assert.Equal(["kort.mp3", "kort.mp3.error.txt"], Names(Directory.GetFiles(root.Failed)).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task MoveToFailedAsync_never_overwrites_an_earlier_failure()
    {
        var first = Drop("name.wav", [1, 1, 1]);
        Drop("name.yaml", "title: Første\n"u8.ToArray());
        await ingest.MoveToFailedAsync(first, "første grunn");

        var second = Drop("name.wav", [2, 2, 2]);
        Drop("name.yaml", "title: Andre\n"u8.ToArray());
        var moved = await ingest.MoveToFailedAsync(second, "andre grunn");

        Assert.Equal(Path.Combine(root.Failed, "name (2).wav"), moved);
        Assert.Equal([1, 1, 1], await File.ReadAllBytesAsync(Path.Combine(root.Failed, "name.wav")));
        Assert.Equal([2, 2, 2], await File.ReadAllBytesAsync(moved));
        Assert.Equal("title: Første\n", await File.ReadAllTextAsync(Path.Combine(root.Failed, "name.yaml")));
        Assert.Equal("title: Andre\n", await File.ReadAllTextAsync(Path.Combine(root.Failed, "name (2).yaml")));
        Assert.StartsWith("name.wav: første grunn", await File.ReadAllTextAsync(Path.Combine(root.Failed, "name.wav.error.txt")), StringComparison.Ordinal);
        Assert.StartsWith("name.wav: andre grunn", await File.ReadAllTextAsync(Path.Combine(root.Failed, "name (2).wav.error.txt")), StringComparison.Ordinal);

        var third = await ingest.MoveToFailedAsync(Drop("name.wav", [3]), "tredje");
        Assert.Equal(Path.Combine(root.Failed, "name (3).wav"), third);
    }

    [Fact]
    public async Task MoveToFailedAsync_picks_a_free_name_when_only_the_sidecar_name_is_taken()
    {
        Directory.CreateDirectory(root.Failed);
        await File.WriteAllTextAsync(Path.Combine(root.Failed, "opptak.md"), "gammel");
        var recording = Drop("opptak.wav");
        Drop("opptak.md", "ny"u8.ToArray());

        var moved = await ingest.MoveToFailedAsync(recording, "feil");

        Assert.Equal(Path.Combine(root.Failed, "opptak (2).wav"), moved);
        Assert.Equal("gammel", await File.ReadAllTextAsync(Path.Combine(root.Failed, "opptak.md")));
        Assert.Equal("ny", await File.ReadAllTextAsync(Path.Combine(root.Failed, "opptak (2).md")));
    }

    [Fact]
    public async Task MoveToFailedAsync_picks_a_free_name_when_only_an_old_error_file_is_left()
    {
        Directory.CreateDirectory(root.Failed);
        await File.WriteAllTextAsync(Path.Combine(root.Failed, "x.wav.error.txt"), "gammel feil");

        var moved = await ingest.MoveToFailedAsync(Drop("x.wav"), "ny feil");

        Assert.Equal(Path.Combine(root.Failed, "x (2).wav"), moved);
        Assert.Equal("gammel feil", await File.ReadAllTextAsync(Path.Combine(root.Failed, "x.wav.error.txt")));
    }

    [Fact]
    public void MoveToDone_moves_recording_and_sidecar_without_an_error_file()
    {
        var bytes = new byte[] { 9, 8, 7, 6 };
        var recording = Drop("Ferdig æøå.mp4", bytes);
        Drop("Ferdig æøå.md", "---\ntitle: x\n---\n"u8.ToArray());

        var moved = ingest.MoveToDone(recording);

        Assert.Equal(Path.Combine(root.Done, "Ferdig æøå.mp4"), moved);
        Assert.Equal(bytes, File.ReadAllBytes(moved));
        Assert.Equal(["Ferdig æøå.md", "Ferdig æøå.mp4"], Names(Directory.GetFiles(root.Done)).Order(StringComparer.Ordinal));
        Assert.Empty(Directory.GetFiles(root.Ingest));
    }

    [Fact]
    public void MoveToDone_twice_with_the_same_name_keeps_both()
    {
        ingest.MoveToDone(Drop("a.wav", [1]));
        var second = ingest.MoveToDone(Drop("a.wav", [2]));

        Assert.Equal(Path.Combine(root.Done, "a (2).wav"), second);
        Assert.Equal([1], File.ReadAllBytes(Path.Combine(root.Done, "a.wav")));
        Assert.Equal([2], File.ReadAllBytes(second));
    }

    [Fact]
    public void MoveToDone_preserves_the_modification_time()
    {
        var modified = new DateTime(2023, 11, 1, 8, 0, 0, DateTimeKind.Utc);
        var recording = Drop("gammel.wav", modifiedUtc: modified);

        var moved = ingest.MoveToDone(recording);

        Assert.Equal(modified, File.GetLastWriteTimeUtc(moved));
    }

    [Fact]
    public void Path_is_the_ingest_folder() => Assert.Equal(Path.Combine(root.Path, "ingest"), ingest.Path);
}
