using DigitaleFremskritt.TestSupport;

namespace DigitaleFremskritt.Content.Tests;

public sealed class ContentRootTests : IDisposable
{
    private readonly TempFolder temp = new();
    private readonly ContentRoot root;

    public ContentRootTests()
    {
        root = new ContentRoot(temp.Folder("episodes"));
    }

    public void Dispose() => temp.Dispose();

    [Fact]
    public void Layout_folders_sit_under_the_root()
    {
        Assert.Equal(Path.Combine(root.Path, "ingest"), root.Ingest);
        Assert.Equal(Path.Combine(root.Path, "ingest", "failed"), root.Failed);
        Assert.Equal(Path.Combine(root.Path, "ingest", "done"), root.Done);
        Assert.Equal(Path.Combine(root.Path, "media"), root.MediaStore);
        Assert.Equal(Path.Combine(root.Path, "media", "originals"), root.Originals);
        Assert.Equal(Path.Combine(root.Path, "media", ".work"), root.Work);
    }

    [Fact]
    public void Root_path_is_made_absolute()
    {
        var relative = Path.GetRelativePath(Environment.CurrentDirectory, root.Path);

        Assert.Equal(root.Path, new ContentRoot(relative).Path);
        Assert.True(Path.IsPathFullyQualified(new ContentRoot("some/relative").Path));
    }

    [Theory]
    [InlineData("ingest/opptak.wav", "ingest/opptak.wav")]
    [InlineData("media/ab/abcdef.mp3", "media/ab/abcdef.mp3")]
    [InlineData("blåbær episode/episode.yaml", "blåbær episode/episode.yaml")]
    [InlineData("a/../b/./c.txt", "b/c.txt")]
    public void Resolve_keeps_paths_inside_the_root(string relative, string expected) =>
        Assert.Equal(Path.Combine(root.Path, expected), root.Resolve(relative));

    [Theory]
    [InlineData("../x")]
    [InlineData("..")]
    [InlineData("../../etc/passwd")]
    [InlineData("media/../../x")]
    [InlineData("/etc/passwd")]
    [InlineData("/tmp")]
    public void Resolve_refuses_paths_that_escape_the_root(string relative)
    {
        var e = Assert.Throws<UnauthorizedAccessException>(() => root.Resolve(relative));
        Assert.Contains(relative, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_refuses_a_sibling_folder_sharing_the_root_name_as_prefix()
    {
        // "<root>-evil" starts with the root's path as a string, but is not inside it.
        var sibling = "../" + Path.GetFileName(root.Path) + "-evil/x.yaml";

        Assert.Throws<UnauthorizedAccessException>(() => root.Resolve(sibling));
        Assert.False(root.IsInside(root.Path + "-evil"));
    }

    [Fact]
    public void Resolve_refuses_an_absolute_path_elsewhere_but_accepts_one_inside()
    {
        Assert.Throws<UnauthorizedAccessException>(() => root.Resolve(temp.File("outside.txt")));

        var inside = Path.Combine(root.Path, "media", "x.mp3");
        Assert.Equal(inside, root.Resolve(inside));
    }

    [Fact]
    public void Relative_uses_forward_slashes()
    {
        var full = Path.Combine(root.Path, "media", "originals", "abc.wav");

        Assert.Equal("media/originals/abc.wav", root.Relative(full));
        Assert.Equal(full, root.Resolve(root.Relative(full)));
    }

    [Theory]
    [InlineData("hello-world")]
    [InlineData("episode-12")]
    [InlineData("blaabaer")]
    public void EpisodeFolder_is_a_direct_child_named_after_the_slug(string slug) =>
        Assert.Equal(Path.Combine(root.Path, slug), root.EpisodeFolder(slug));

    [Theory]
    [InlineData("")]
    [InlineData("../../x")]
    [InlineData("..")]
    [InlineData("a/b")]
    [InlineData("Hello")]
    [InlineData("blåbær")]
    [InlineData("x\n")]
    [InlineData("ingest")]
    [InlineData("media")]
    [InlineData("site")]
    [InlineData("out")]
    public void EpisodeFolder_rejects_invalid_and_reserved_slugs(string slug)
    {
        var e = Assert.Throws<ArgumentException>(() => root.EpisodeFolder(slug));
        Assert.Equal("slug", e.ParamName);
        Assert.Contains($"'{slug}' is not a valid episode slug", e.Message, StringComparison.Ordinal);
    }
}
