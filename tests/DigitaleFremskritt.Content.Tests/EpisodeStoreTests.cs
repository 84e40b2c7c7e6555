using DigitaleFremskritt.Domain;
using DigitaleFremskritt.TestSupport;

namespace DigitaleFremskritt.Content.Tests;

public sealed class EpisodeStoreTests : IDisposable
{
    private readonly TempFolder temp = new();
    private readonly ContentRoot root;
    private readonly EpisodeStore store;

    public EpisodeStoreTests()
    {
        root = new ContentRoot(temp.Folder("episodes"));
        store = new EpisodeStore(root);
    }

    public void Dispose() => temp.Dispose();

    [Fact]
    public async Task SaveAsync_writes_episode_yaml_in_the_slug_folder()
    {
        var episode = Episodes.Full("blaabaer");

        await store.SaveAsync(episode);

        var file = Path.Combine(root.Path, "blaabaer", "episode.yaml");
        Assert.Equal(EpisodeYaml.Serialize(episode), await File.ReadAllTextAsync(file));
        Assert.Equal(["episode.yaml"], Directory.GetFiles(Path.GetDirectoryName(file)!).Select(Path.GetFileName));
    }

    [Fact]
    public async Task SaveAsync_then_FindBySlug_round_trips()
    {
        var episode = Episodes.Full("episode-1");
        await store.SaveAsync(episode);

        var found = store.FindBySlug("episode-1");

        Assert.NotNull(found);
        Episodes.AssertEqual(episode, found);
    }

    [Fact]
    public async Task SaveAsync_overwrites_the_previous_version()
    {
        var episode = Episodes.Full("episode-1");
        await store.SaveAsync(episode);
        episode.Title = "Ny tittel";
        episode.State = EpisodeState.Transcribed;

        await store.SaveAsync(episode);

        var found = store.FindBySlug("episode-1");
        Assert.Equal("Ny tittel", found?.Title);
        Assert.Equal(EpisodeState.Transcribed, found?.State);
    }

    [Fact]
    public async Task SaveAsync_refuses_an_invalid_slug_and_writes_nothing()
    {
        var episode = Episodes.Full();
        episode.Slug = "../../x";

        await Assert.ThrowsAsync<ArgumentException>(() => store.SaveAsync(episode));

        Assert.Empty(Directory.GetFileSystemEntries(root.Path));
        Assert.False(File.Exists(Path.Combine(temp.Path, "x", "episode.yaml")));
    }

    [Theory]
    [InlineData("finnes-ikke")]
    [InlineData("../../x")]
    [InlineData("Store-Bokstaver")]
    [InlineData("")]
    [InlineData("ingest")]
    [InlineData("media")]
    public void FindBySlug_returns_null_for_missing_invalid_or_reserved_slugs(string slug) =>
        Assert.Null(store.FindBySlug(slug));

    [Fact]
    public async Task LoadAll_returns_every_episode_in_slug_order()
    {
        await store.SaveAsync(Episodes.Full("c-episode", "cc"));
        await store.SaveAsync(Episodes.Full("a-episode", "aa"));
        await store.SaveAsync(Episodes.Full("b-episode", "bb"));

        Assert.Equal(["a-episode", "b-episode", "c-episode"], store.LoadAll().Select(e => e.Slug));
    }

    [Fact]
    public async Task LoadAll_ignores_reserved_folders_and_folders_without_episode_yaml()
    {
        await store.SaveAsync(Episodes.Full("ekte-episode"));
        foreach (var reserved in new[] { "ingest", "media", "site", "out" })
        {
            await File.WriteAllTextAsync(Path.Combine(temp.Folder(Path.Combine("episodes", reserved)), "episode.yaml"), "slug: " + reserved);
        }

        temp.Folder(Path.Combine("episodes", "tom-mappe"));
        await File.WriteAllTextAsync(Path.Combine(root.Path, "episode.yaml"), "slug: rot");

        Assert.Equal(["ekte-episode"], store.LoadAll().Select(e => e.Slug));
    }

    [Fact]
    public void LoadAll_of_a_missing_root_is_empty()
    {
        var missing = new EpisodeStore(new ContentRoot(temp.File("finnes ikke")));

        Assert.Empty(missing.LoadAll());
    }

    [Fact]
    public async Task FindBySlug_reports_a_broken_episode_yaml_with_its_path()
    {
        var folder = temp.Folder(Path.Combine("episodes", "knekt"));
        await File.WriteAllTextAsync(Path.Combine(folder, "episode.yaml"), "title: [ikke lukket\n");

        var e = Assert.Throws<InvalidDataException>(() => store.FindBySlug("knekt"));

        Assert.StartsWith(Path.Combine(folder, "episode.yaml") + ":", e.Message, StringComparison.Ordinal);
        Assert.IsAssignableFrom<YamlDotNet.Core.YamlException>(e.InnerException);
    }

    [Theory]
    [InlineData("title: [ikke lukket\n")]
    [InlineData("date: 05.03.2024x\n")]
    [InlineData("- bare\n- en liste\n")]
    [InlineData("source:\nslug: tom-kilde\n")]
    public async Task LoadAll_skips_a_broken_episode_yaml_and_reports_it_on_one_line(string yaml)
    {
        await store.SaveAsync(Episodes.Full("a-foer", "aaaa"));
        await store.SaveAsync(Episodes.Full("c-etter", "cccc"));
        var broken = Path.Combine(temp.Folder(Path.Combine("episodes", "b-knekt")), "episode.yaml");
        await File.WriteAllTextAsync(broken, yaml);
        var reported = new List<string>();

        var slugs = store.LoadAll(reported.Add).Select(e => e.Slug).ToList();

        Assert.Equal(["a-foer", "c-etter"], slugs);
        var message = Assert.Single(reported);
        Assert.StartsWith(broken + ": ", message, StringComparison.Ordinal);
        Assert.True(message.Length > broken.Length + 2, message);
        Assert.DoesNotContain('\n', message);
        Assert.DoesNotContain('\r', message);
        Assert.Equal(["a-foer", "c-etter"], store.LoadAll().Select(e => e.Slug));
    }

    [Fact]
    public async Task LoadAll_skips_dot_folders_such_as_staging_leftovers()
    {
        await store.SaveAsync(Episodes.Full("ekte", "aaaa"));
        var staging = temp.Folder(Path.Combine("episodes", $".episode-{Guid.NewGuid()}"));
        await File.WriteAllTextAsync(Path.Combine(staging, "episode.yaml"), EpisodeYaml.Serialize(Episodes.Full("halvferdig", "bbbb")));
        var hidden = temp.Folder(Path.Combine("episodes", ".skjult"));
        await File.WriteAllTextAsync(Path.Combine(hidden, "episode.yaml"), "title: [ikke lukket\n");
        var reported = new List<string>();

        Assert.Equal(["ekte"], store.LoadAll(reported.Add).Select(e => e.Slug));
        Assert.Null(store.FindBySourceHash("bbbb"));
        Assert.Empty(reported);
    }

    [Fact]
    public async Task FindBySourceHash_skips_broken_episode_yaml_and_reports_it()
    {
        var broken = Path.Combine(temp.Folder(Path.Combine("episodes", "a-knekt")), "episode.yaml");
        await File.WriteAllTextAsync(broken, "title: [ikke lukket\n");
        await store.SaveAsync(Episodes.Full("b-hel", "bbbb2222"));
        var reported = new List<string>();

        Assert.Equal("b-hel", store.FindBySourceHash("BBBB2222", reported.Add)?.Slug);
        Assert.StartsWith(broken + ": ", Assert.Single(reported), StringComparison.Ordinal);
        Assert.Null(store.FindBySourceHash("cccc3333"));
    }

    [Fact]
    public async Task FindBySourceHash_finds_the_episode_case_insensitively()
    {
        await store.SaveAsync(Episodes.Full("en", "aaaa1111"));
        await store.SaveAsync(Episodes.Full("to", "bbbb2222"));

        Assert.Equal("to", store.FindBySourceHash("bbbb2222")?.Slug);
        Assert.Equal("en", store.FindBySourceHash("AAAA1111")?.Slug);
        Assert.Null(store.FindBySourceHash("cccc3333"));
    }

    [Fact]
    public async Task UniqueSlug_adds_a_number_when_the_slug_is_taken()
    {
        Assert.Equal("intervju", store.UniqueSlug("intervju"));

        await store.SaveAsync(Episodes.Full("intervju"));
        Assert.Equal("intervju-2", store.UniqueSlug("intervju"));

        await store.SaveAsync(Episodes.Full("intervju-2"));
        Assert.Equal("intervju-3", store.UniqueSlug("intervju"));
    }

    [Fact]
    public void UniqueSlug_counts_an_existing_folder_even_without_episode_yaml()
    {
        temp.Folder(Path.Combine("episodes", "opptak"));

        Assert.Equal("opptak-2", store.UniqueSlug("opptak"));
    }

    [Theory]
    [InlineData("ingest")]
    [InlineData("media")]
    [InlineData("site")]
    [InlineData("out")]
    public void UniqueSlug_never_returns_a_reserved_name(string reserved) =>
        Assert.Equal(reserved + "-2", store.UniqueSlug(reserved));

    [Fact]
    public void UniqueSlug_keeps_a_maximum_length_slug_valid()
    {
        var wanted = Slug.From(new string('a', 100));
        temp.Folder(Path.Combine("episodes", wanted));

        var unique = store.UniqueSlug(wanted);

        Assert.True(Slug.IsValid(unique), unique);
        Assert.NotEqual(wanted, unique);
        Assert.EndsWith("-2", unique, StringComparison.Ordinal);
        Assert.Equal(Slug.MaxLength, unique.Length);
    }

    [Fact]
    public async Task SaveQcAsync_and_LoadQc_round_trip()
    {
        var episode = Episodes.Full("med-qc");
        Assert.Null(store.LoadQc(episode));
        var report = QcJsonTests.Report();

        await store.SaveQcAsync(episode, report);

        Assert.True(File.Exists(Path.Combine(root.Path, "med-qc", "qc.json")));
        Assert.Equal(QcJson.Serialize(report), QcJson.Serialize(store.LoadQc(episode)!));
    }
}
