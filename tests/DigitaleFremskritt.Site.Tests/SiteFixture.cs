using DigitaleFremskritt.Build;
using DigitaleFremskritt.Domain;
using DigitaleFremskritt.TestSupport;

namespace DigitaleFremskritt.Site.Tests;

/// <summary>Writes site/themes/*.md and site/gatherings/*.md in SiteContent's format (YAML front matter, Markdown body).</summary>
public static class SiteFiles
{
    public static void Theme(string siteFolder, string slug, string title, string summary, int order, string body = "", string? kommunett = null, string? fileName = null)
    {
        var folder = Directory.CreateDirectory(Path.Combine(siteFolder, "themes")).FullName;
        File.WriteAllText(Path.Combine(folder, (fileName ?? slug) + ".md"),
            $"---\ntitle: {Quote(title)}\nslug: {Quote(slug)}\nsummary: {Quote(summary)}\norder: {order}\n"
            + (kommunett is null ? "" : $"kommunett: {Quote(kommunett)}\n")
            + $"---\n\n{body}\n");
    }

    public static void Gathering(string siteFolder, string slug, string title, string region, string date, string place, string[] episodes, string[] questions, string body = "", string? fileName = null)
    {
        var folder = Directory.CreateDirectory(Path.Combine(siteFolder, "gatherings")).FullName;
        var text = $"---\ntitle: {Quote(title)}\nslug: {Quote(slug)}\nregion: {Quote(region)}\ndate: {date}\nplace: {Quote(place)}\n"
            + "episodes:" + (episodes.Length == 0 ? " []\n" : "\n" + string.Concat(episodes.Select(e => $"  - {e}\n")))
            + "questions:\n" + string.Concat(questions.Select(q => $"  - {Quote(q)}\n"))
            + $"---\n\n{body}\n";
        File.WriteAllText(Path.Combine(folder, (fileName ?? slug) + ".md"), text);
    }

    /// <summary>A YAML double-quoted scalar.</summary>
    public static string Quote(string value) => "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}

/// <summary>
/// One site built once for the tests that only read it: podcast and seminar episodes with transcripts, chapters,
/// speakers and themes; an episode whose every text field tries to inject markup; a scheduled episode (no page);
/// themes and gatherings in a site folder of the test's own, dated around the fake clock's today (1 July 2026).
/// </summary>
public sealed class SiteFixture : IAsyncLifetime
{
    /// <summary>Markup that must come out as text: a script, an attribute breakout, an ampersand and æøå.</summary>
    public const string Evil = "<script>alert(1)</script> \" onmouseover=\"x & æøå";

    public const string EvilTitle = "Farlig " + Evil;

    public const string EvilSpeaker = "Åse " + Evil;

    /// <summary>The same, as WebVTT cue text must write it (character references).</summary>
    public const string EvilVtt = "&lt;script&gt;alert(1)&lt;/script&gt; &quot; onmouseover=&quot;x &amp; æøå";

    public static readonly string[] FosenQuestions =
    [
        "Hva gjør ledere hos oss for å skape trygghet når arbeidsmåtene endres?",
        "Hvilke gevinster & «nytte» ser vi <b>allerede</b>?",
        "Hvem i kommunen eier gevinstene?",
    ];

    public TestContent Content { get; } = new();

    public string SiteFolder { get; private set; } = "";

    public BuildResult Result { get; private set; } = default!;

    public string Output => Result.OutputFolder;

    public Dictionary<string, Episode> Episodes { get; } = new(StringComparer.Ordinal);

    /// <summary>Cues written to each episode's transcript.vtt, as (start and end seconds, speaker, text) after decoding.</summary>
    public Dictionary<string, (double Start, double End, string? Speaker, string Text)[]> Cues { get; } = new(StringComparer.Ordinal);

    public LinkChecker Links { get; private set; } = default!;

    private readonly Dictionary<string, ParsedPage> pages = new(StringComparer.Ordinal);

    public IReadOnlyList<string> PageNames { get; private set; } = [];

    public ParsedPage Page(string name)
    {
        if (!pages.TryGetValue(name, out var page))
        {
            Assert.Fail($"{name} was not built; pages: {string.Join(", ", PageNames)}");
        }

        return page;
    }

    public ParsedPage? TryPage(string name) => pages.GetValueOrDefault(name);

    public IEnumerable<ParsedPage> AllPages => PageNames.Select(Page);

    public async Task InitializeAsync()
    {
        SiteFolder = Content.Folder("site");
        await Populate(Content, SiteFolder, Episodes, Cues);
        Result = await Builds.BuildAsync(Content, SiteFolder);
        Links = new LinkChecker(Output, Content.Root, Result.BaseUrl);
        PageNames = [.. Builds.PageNames(Output)];
        foreach (var name in PageNames)
        {
            pages[name] = ParsedPage.Load(Output, name);
        }
    }

    /// <summary>The fixture's site content and episodes, reusable for a second build in a content root of a test's own.</summary>
    public static async Task Populate(TestContent content, string siteFolder, Dictionary<string, Episode>? episodes = null, Dictionary<string, (double, double, string?, string)[]>? cues = null)
    {
        episodes ??= [];
        cues ??= [];

        SiteFiles.Theme(siteFolder, "gevinstrealisering", "Gevinstrealisering", "Hvordan kommunen henter ut gevinstene.", 10,
            "Gevinster må **hentes ut**.\n\n- Hvem eier dem?", kommunett: "https://example.no/kommunett/gevinst");
        SiteFiles.Theme(siteFolder, "tjenestedesign", "Tjenestedesign", "Tjenester utviklet sammen med innbyggerne.", 20, "Start med brukeren.");
        SiteFiles.Theme(siteFolder, "ledelse-og-kultur", "Ledelse og kultur", "Ledere som går foran – æøå & «sitater».", 30);

        // Today is 2026-07-01: one gathering before it, one on it, four after it (the front page shows the next three).
        SiteFiles.Gathering(siteFolder, "var-malvik", "Regionsamling Malvik (vår)", "Malvik og Værnesregionen", "2026-03-10", "Malvik",
            ["podkast-en"], ["Hva lærte vi?", "Hva gjør vi nå?", "Hvem tar ansvar?"], "En samling som har vært.");
        SiteFiles.Gathering(siteFolder, "i-dag-namdal", "Regionsamling Namdalsregionen", "Namdalsregionen", "2026-07-01", "Namsos",
            ["seminar-en"], ["Hva nå?", "Hvem?", "Når?"]);
        SiteFiles.Gathering(siteFolder, "fosen", "Regionsamling Fosenregionen", "Fosenregionen", "2026-09-10", "Indre Fosen",
            ["podkast-en", "seminar-en", "planlagt-episode", "finnes-ikke"], FosenQuestions,
            "Lytt til episodene før du kommer, og ta med et **eksempel**.");
        SiteFiles.Gathering(siteFolder, "orkdal", "Regionsamling Orkdalsregionen", "Orkdalsregionen", "2026-10-05", "Orkland", [], ["Hva?", "Hvorfor?", "Hvordan?"]);
        SiteFiles.Gathering(siteFolder, "trondheim", "Regionsamling Trondheimsregionen", "Trondheimsregionen", "2026-11-20", "Trondheim", ["podkast-to"], ["Én?", "To?", "Tre?"]);
        SiteFiles.Gathering(siteFolder, "innherred", "Regionsamling Innherred og Inn-Trøndelag", "Innherred og Inn-Trøndelag", "2027-01-15", "Steinkjer", ["farlig"], ["A?", "B?", "C?"]);

        episodes["podkast-en"] = await content.AddEpisodeAsync("podkast-en", date: new DateOnly(2026, 1, 15), title: "Gevinster i praksis",
            configure: e => e.Chapters.Add(new Chapter { Start = "12:34", Title = "Oppsummering" }));
        await WriteVtt(content, "podkast-en", cues,
            (0.0, 4.0, "Kari Nordmann", "Velkommen til Digitale Fremskritt.", null),
            (4.5, 9.0, "Ola Hansen", "Takk, Kari. I dag snakker vi om gevinster.", null),
            (12.25, 20.0, null, "Først: hva er en gevinst?", null),
            (754.9, 760.0, "Kari Nordmann", "Og til slutt: blåbærsyltetøy på Ørland.", null));

        episodes["podkast-to"] = await content.AddEpisodeAsync("podkast-to", date: new DateOnly(2026, 3, 1), title: "Tjenestedesign med innbyggerne",
            configure: e =>
            {
                e.Description = "Om **tjenestedesign** med innbyggerne i sentrum.";
                e.Themes = ["tjenestedesign", "finnes-ikke"];
                e.Speakers = ["Per Olsen"];
            });
        cues["podkast-to"] = [(0, 4, "Kari Nordmann", "Velkommen til Digitale Fremskritt.")];

        episodes["seminar-en"] = await content.AddEpisodeAsync("seminar-en", show: "seminar", date: new DateOnly(2026, 4, 20), title: "Seminar om endring",
            configure: e =>
            {
                e.Description = "Opptak fra seminaret om endringsledelse.";
                e.Themes = ["gevinstrealisering", "tjenestedesign"];
                e.Speakers = ["Ingrid Solberg"];
                e.Chapters = [new Chapter { Start = "0", Title = "Åpning" }, new Chapter { Start = "1:02:03", Title = "Spørsmål fra salen" }];
                e.Media.Audio!.DurationSeconds = 4000;
                e.Media.Video!.DurationSeconds = 4000;
            });
        await WriteVtt(content, "seminar-en", cues,
            (1.0, 5.0, "Ingrid Solberg", "Velkommen til seminaret.", null),
            (5.5, 9.0, null, "Vi starter med en runde rundt bordet.", null), // same speaker, no pause: the same paragraph
            (3723.5, 3730.0, null, "Har dere spørsmål?", null));

        episodes["farlig"] = await content.AddEpisodeAsync("farlig", date: new DateOnly(2026, 5, 5), title: EvilTitle,
            configure: e =>
            {
                e.Description = $"Notater {Evil}. Se [klikk her](javascript:alert(1)) og [en trygg lenke](https://example.no/trygg).";
                e.Speakers = [EvilSpeaker];
                e.Themes = ["gevinstrealisering"];
                e.Chapters = [new Chapter { Start = "0", Title = "Kapittel " + Evil }];
            });
        await WriteVtt(content, "farlig", cues,
            (0.0, 3.0, "Åse &lt;script&gt;alert(1)&lt;/script&gt; &quot; onmouseover=&quot;x &amp; æøå", EvilVtt, Evil));

        // Scheduled after today: no page, and the gathering that names it leaves it out.
        episodes["planlagt-episode"] = await content.AddEpisodeAsync("planlagt-episode", date: new DateOnly(2026, 12, 24), title: "Kommer til jul");
    }

    /// <summary>Replaces TestContent's one-cue transcript.vtt with these cues (speaker and text as VTT writes them).</summary>
    private static async Task WriteVtt(TestContent content, string slug, Dictionary<string, (double, double, string?, string)[]> cues,
        params (double Start, double End, string? Speaker, string Text, string? Decoded)[] lines)
    {
        static string Time(double seconds) => TimeSpan.FromSeconds(seconds).ToString(@"hh\:mm\:ss\.fff", System.Globalization.CultureInfo.InvariantCulture);
        var vtt = "WEBVTT\n\n" + string.Concat(lines.Select(l =>
            $"{Time(l.Start)} --> {Time(l.End)}\n{(l.Speaker is null ? "" : $"<v {l.Speaker}>")}{l.Text}\n\n"));
        await File.WriteAllTextAsync(Path.Combine(content.Root.EpisodeFolder(slug), "transcript.vtt"), vtt);
        cues[slug] = [.. lines.Select(l => (l.Start, l.End, l.Speaker is null ? null : System.Net.WebUtility.HtmlDecode(l.Speaker), l.Decoded ?? l.Text))];
    }

    /// <summary>SITE_TESTS_DUMP=/some/folder keeps a copy of the built site for a look in a browser.</summary>
    public Task DisposeAsync()
    {
        if (Environment.GetEnvironmentVariable("SITE_TESTS_DUMP") is { Length: > 0 } dump)
        {
            CopyTree(Output, dump);
        }

        Content.Dispose();
        return Task.CompletedTask;
    }

    private static void CopyTree(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target, overwrite: true);
        }
    }
}

[CollectionDefinition(Name)]
public sealed class SiteCollection : ICollectionFixture<SiteFixture>
{
    public const string Name = "built site";
}
