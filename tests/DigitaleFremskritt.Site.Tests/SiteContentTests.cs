using DigitaleFremskritt.Build.Feeds;
using DigitaleFremskritt.TestSupport;

namespace DigitaleFremskritt.Site.Tests;

/// <summary>site/themes and site/gatherings: the repo's own files, and files that are wrong stop the build naming the file.</summary>
public sealed class SiteContentTests
{
    [Fact]
    public void The_repos_site_content_has_the_seven_regional_gatherings_and_the_themes()
    {
        var content = SiteContent.Load(Repo.SiteFolder);
        Assert.Equal(
            ["Fosenregionen", "Innherred og Inn-Trøndelag", "Malvik og Værnesregionen", "Namdalsregionen", "Orkdalsregionen", "Trondheimsregionen", "Trøndelag Sør"],
            content.Gatherings.Select(g => g.Region).Order(StringComparer.Ordinal));
        Assert.Equal(content.Gatherings.OrderBy(g => g.Date).Select(g => g.Slug), content.Gatherings.Select(g => g.Slug));
        Assert.All(content.Gatherings, g =>
        {
            Assert.InRange(g.Episodes.Count, 1, 3);
            Assert.InRange(g.Questions.Count, 3, 5);
            Assert.False(string.IsNullOrWhiteSpace(g.Place));
            Assert.NotEmpty(g.BodyHtml);
        });

        Assert.True(content.Themes.Count >= 5);
        Assert.Contains(content.Themes, t => t.Slug == "gevinstrealisering");
        Assert.Equal(content.Themes.OrderBy(t => t.Order).Select(t => t.Slug), content.Themes.Select(t => t.Slug));
        Assert.All(content.Themes, t =>
        {
            Assert.False(string.IsNullOrWhiteSpace(t.Summary));
            Assert.NotEmpty(t.BodyHtml);
            Assert.True(t.KommunettUrl is null || t.KommunettUrl.StartsWith("https://", StringComparison.Ordinal));
        });
    }

    [Fact]
    public void A_theme_and_a_gathering_are_read_with_their_markdown_body()
    {
        using var temp = new TempFolder();
        SiteFiles.Theme(temp.Path, "tema", "Tema «æøå»", "Kort.", 5, "Et **avsnitt** med <script>alert(1)</script>.", kommunett: "https://example.no/tema");
        SiteFiles.Gathering(temp.Path, "samling", "Samling", "Fosenregionen", "2027-03-10", "Indre Fosen", ["en-episode"], ["Hva?", "Hvem?"], "Kom *tidlig*.");

        var content = SiteContent.Load(temp.Path);
        var theme = Assert.Single(content.Themes);
        Assert.Equal(("tema", "Tema «æøå»", "Kort.", 5, "https://example.no/tema"), (theme.Slug, theme.Title, theme.Summary, theme.Order, theme.KommunettUrl));
        Assert.Contains("<strong>avsnitt</strong>", theme.BodyHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", theme.BodyHtml, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;", theme.BodyHtml, StringComparison.Ordinal);

        var gathering = Assert.Single(content.Gatherings);
        Assert.Equal(new DateOnly(2027, 3, 10), gathering.Date);
        Assert.Equal(["en-episode"], gathering.Episodes);
        Assert.Equal(["Hva?", "Hvem?"], gathering.Questions);
        Assert.Contains("<em>tidlig</em>", gathering.BodyHtml, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_site_folder_is_no_content()
    {
        var content = SiteContent.Load(Path.Combine(Path.GetTempPath(), "finnes-ikke-" + Guid.NewGuid()));
        Assert.Empty(content.Themes);
        Assert.Empty(content.Gatherings);
        Assert.Empty(SiteContent.Load(null).Themes);
    }

    public static TheoryData<string, string, string, string> Broken => new()
    {
        { "no front matter", "themes", "tema", "# Tema\n\nBare tekst.\n" },
        { "front matter not closed", "themes", "tema", "---\ntitle: Tema\nslug: tema\n\nTekst.\n" },
        { "slug differs from the file name", "themes", "tema", "---\ntitle: Tema\nslug: et-annet-tema\n---\nTekst.\n" },
        { "no slug", "themes", "tema", "---\ntitle: Tema\n---\nTekst.\n" },
        { "slug with capitals", "themes", "tema", "---\ntitle: Tema\nslug: Tema\n---\nTekst.\n" },
        { "no title", "themes", "tema", "---\nslug: tema\nsummary: Kort.\n---\nTekst.\n" },
        { "a misspelt field", "themes", "tema", "---\ntittel: Tema\nslug: tema\n---\nTekst.\n" },
        { "not YAML", "themes", "tema", "---\ntitle: [Tema\nslug: tema\n---\nTekst.\n" },
        { "order not a number", "themes", "tema", "---\ntitle: Tema\nslug: tema\norder: først\n---\nTekst.\n" },
        { "a javascript: Kommunett link", "themes", "tema", "---\ntitle: Tema\nslug: tema\nkommunett: javascript:alert(1)\n---\nTekst.\n" },
        { "a data: Kommunett link", "themes", "tema", "---\ntitle: Tema\nslug: tema\nkommunett: \"data:text/html,<script>alert(1)</script>\"\n---\nTekst.\n" },
        { "a relative Kommunett link", "themes", "tema", "---\ntitle: Tema\nslug: tema\nkommunett: veileder/tema\n---\nTekst.\n" },
        { "a date that does not exist", "gatherings", "samling", Gathering("2027-02-30") },
        { "a date in Norwegian order", "gatherings", "samling", Gathering("10.03.2027") },
        { "a date with a time", "gatherings", "samling", Gathering("2027-03-10T10:00") },
        { "no date", "gatherings", "samling", "---\ntitle: Samling\nslug: samling\nregion: Fosenregionen\n---\n" },
        { "no region", "gatherings", "samling", "---\ntitle: Samling\nslug: samling\ndate: 2027-03-10\n---\n" },
        { "a gathering slug that differs", "gatherings", "samling", "---\ntitle: Samling\nslug: fosen\nregion: Fosenregionen\ndate: 2027-03-10\n---\n" },
        { "an episode that is not a slug", "gatherings", "samling", "---\ntitle: Samling\nslug: samling\nregion: Fosenregionen\ndate: 2027-03-10\nepisodes:\n  - Ikke en slug!\n---\n" },
    };

    private static string Gathering(string date) =>
        $"---\ntitle: Samling\nslug: samling\nregion: Fosenregionen\ndate: {date}\nplace: Indre Fosen\nepisodes:\n  - en\nquestions:\n  - Hva?\n---\nTekst.\n";

    [Theory]
    [MemberData(nameof(Broken))]
    public void A_broken_file_is_an_error_naming_the_file(string why, string kind, string name, string text)
    {
        using var temp = new TempFolder();
        var file = Path.Combine(Directory.CreateDirectory(Path.Combine(temp.Path, kind)).FullName, name + ".md");
        File.WriteAllText(file, text);

        var error = Assert.Throws<FeedBuildException>(() => SiteContent.Load(temp.Path));
        Assert.True(error.Message.StartsWith(file + ":", StringComparison.Ordinal), $"{why}: '{error.Message}' does not start with the file's name");
        Assert.True(error.Message.Length > file.Length + 5, $"{why}: '{error.Message}' says nothing about what is wrong");
    }

    [Fact]
    public void The_errors_say_what_is_wrong()
    {
        using var temp = new TempFolder();
        var themes = Directory.CreateDirectory(Path.Combine(temp.Path, "themes")).FullName;
        File.WriteAllText(Path.Combine(themes, "tema.md"), "# Tema\n");
        Assert.Contains("front matter", Assert.Throws<FeedBuildException>(() => SiteContent.Load(temp.Path)).Message, StringComparison.Ordinal);

        File.WriteAllText(Path.Combine(themes, "tema.md"), "---\ntitle: Tema\nslug: annet\n---\n");
        var slug = Assert.Throws<FeedBuildException>(() => SiteContent.Load(temp.Path)).Message;
        Assert.Contains("'annet'", slug, StringComparison.Ordinal);
        Assert.Contains("'tema'", slug, StringComparison.Ordinal);

        File.Delete(Path.Combine(themes, "tema.md"));
        var gatherings = Directory.CreateDirectory(Path.Combine(temp.Path, "gatherings")).FullName;
        File.WriteAllText(Path.Combine(gatherings, "samling.md"), Gathering("10.03.2027"));
        var date = Assert.Throws<FeedBuildException>(() => SiteContent.Load(temp.Path)).Message;
        Assert.Contains("10.03.2027", date, StringComparison.Ordinal);
        Assert.Contains("yyyy-mm-dd", date, StringComparison.Ordinal);
    }

    [Fact]
    public void Windows_line_endings_and_files_that_are_not_markdown_are_handled()
    {
        using var temp = new TempFolder();
        var themes = Directory.CreateDirectory(Path.Combine(temp.Path, "themes")).FullName;
        File.WriteAllText(Path.Combine(themes, "tema.md"), "---\r\ntitle: Tema\r\nslug: tema\r\norder: 1\r\n---\r\n\r\nTekst **her**.\r\n");
        File.WriteAllText(Path.Combine(themes, "README.txt"), "not a theme");
        var theme = Assert.Single(SiteContent.Load(temp.Path).Themes);
        Assert.Equal("Tema", theme.Title);
        Assert.Contains("<strong>her</strong>", theme.BodyHtml, StringComparison.Ordinal);
    }
}
