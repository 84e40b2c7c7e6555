using System.Globalization;

namespace DigitaleFremskritt.Site.Tests;

/// <summary>The episode page: player with captions, transcript linked next to it, timestamped paragraphs, chapters, downloads, themes, speakers.</summary>
[Collection(SiteCollection.Name)]
public sealed class EpisodePageTests(SiteFixture site)
{
    public static TheoryData<string> Published => ["podkast-en", "podkast-to", "seminar-en", "farlig"];

    private ParsedPage Page(string slug) => site.Page($"episodes/{slug}/index.html");

    private string MediaName(string slug) => (site.Episodes[slug].Media.Video ?? site.Episodes[slug].Media.Audio)!.Path;

    private static string Seconds(double start) => ((long)Math.Floor(start)).ToString(CultureInfo.InvariantCulture);

    [Theory]
    [MemberData(nameof(Published))]
    public void The_player_plays_the_right_media_with_a_bokmaal_captions_track(string slug)
    {
        var page = Page(slug);
        var episode = site.Episodes[slug];
        var isVideo = episode.Media.Video is not null;
        Assert.Equal(slug == "seminar-en", isVideo);

        var player = page.One("#spiller");
        Assert.Equal(isVideo ? "video" : "audio", player.LocalName);
        Assert.Empty(page.All(isVideo ? "audio" : "video"));
        Assert.True(player.HasAttribute("controls"), "the browser's own, keyboard-operable controls");

        var source = player.QuerySelector("source")!;
        Assert.Equal(isVideo ? "video/mp4" : "audio/mpeg", source.GetAttribute("type"));
        Assert.Equal(MediaName(slug), site.Links.Target(page.Name, source.GetAttribute("src")!, out _));
        Assert.NotNull(site.Links.Served(MediaName(slug)));

        var track = Assert.Single(player.QuerySelectorAll("track"));
        Assert.Equal("captions", track.GetAttribute("kind"));
        Assert.Equal("nb", track.GetAttribute("srclang"));
        Assert.False(string.IsNullOrWhiteSpace(track.GetAttribute("label")));
        var captions = site.Links.Target(page.Name, track.GetAttribute("src")!, out _);
        Assert.Equal($"episodes/{slug}/transcript.vtt", captions);
        Assert.Equal(File.ReadAllBytes(Path.Combine(site.Content.Root.EpisodeFolder(slug), "transcript.vtt")), File.ReadAllBytes(site.Links.Served(captions!)!));

        if (isVideo)
        {
            Assert.Equal(episode.Media.Poster!.Path, site.Links.Target(page.Name, player.GetAttribute("poster")!, out _));
        }

        // Without support for the element, a link to the file itself.
        var fallback = player.QuerySelector("a[href]")!;
        Assert.Equal(MediaName(slug), site.Links.Target(page.Name, fallback.GetAttribute("href")!, out _));
    }

    [Theory]
    [MemberData(nameof(Published))]
    public void A_link_to_the_transcript_sits_next_to_the_player(string slug)
    {
        var page = Page(slug);
        var player = page.One("#spiller");
        var link = player.ParentElement!.QuerySelector("a[href='#tekst']");
        Assert.True(link is not null, "no link to the transcript beside the player");
        Assert.Contains("tekst", link.TextContent, StringComparison.OrdinalIgnoreCase);

        var described = page.Document.GetElementById(player.GetAttribute("aria-describedby")!);
        Assert.NotNull(described);
        Assert.True(described.Contains(link), "the player's description is not the transcript link");

        // The target is the transcript section's heading.
        var heading = page.Document.GetElementById("tekst")!;
        Assert.Equal("h2", heading.LocalName);
        Assert.True(page.One("section.transcript").Contains(heading));
    }

    [Theory]
    [MemberData(nameof(Published))]
    public void The_transcript_is_every_cue_in_paragraphs_each_linked_to_its_start(string slug)
    {
        var page = Page(slug);
        TranscriptMarkup.Check(page, site.Cues[slug]);

        // The links are page-local times for site.js; the hint says what to do without it.
        Assert.All(page.All("section.transcript p > a"), a => Assert.Matches("^#t=[0-9]+$", a.GetAttribute("href")!));
        Assert.Empty(page.All("[data-t], p.cue"));
        var hint = page.One("section.transcript p.hint");
        Assert.True(hint.HasAttribute("data-pagefind-ignore"));
        Assert.Contains("JavaScript", hint.QuerySelector("noscript")?.TextContent ?? "", StringComparison.Ordinal);
    }

    [Fact]
    public void Paragraphs_break_at_a_new_speaker_and_a_pause_and_join_what_runs_on()
    {
        Assert.Equal(
            ["0:00 Kari Nordmann: Velkommen til Digitale Fremskritt.", "0:04 Ola Hansen: Takk, Kari. I dag snakker vi om gevinster.",
             "0:12 Først: hva er en gevinst?", "12:34 Kari Nordmann: Og til slutt: blåbærsyltetøy på Ørland."],
            Page("podkast-en").All("section.transcript p:not(.hint)").Select(p => p.Squash()));
        Assert.Equal(
            ["0:01 Ingrid Solberg: Velkommen til seminaret. Vi starter med en runde rundt bordet.", "1:02:03 Har dere spørsmål?"],
            Page("seminar-en").All("section.transcript p:not(.hint)").Select(p => p.Squash()));
    }

    [Fact]
    public void Paragraph_times_read_as_people_write_them_and_seek_to_whole_seconds()
    {
        var links = Page("podkast-en").All("section.transcript p > a");
        Assert.Equal(["0:00", "0:04", "0:12", "12:34"], links.Select(a => a.TextContent));
        Assert.Equal(["#t=0", "#t=4", "#t=12", "#t=754"], links.Select(a => a.GetAttribute("href")));
        Assert.Equal(["t0", "t4", "t12", "t754"], links.Select(a => a.Id));

        var seminar = Page("seminar-en").All("section.transcript p > a");
        Assert.Equal(["0:01", "1:02:03"], seminar.Select(a => a.TextContent));
        Assert.Equal(["#t=1", "#t=3723"], seminar.Select(a => a.GetAttribute("href")));
    }

    [Theory]
    [MemberData(nameof(Published))]
    public void Chapters_are_listed_in_order_with_their_times(string slug)
    {
        var page = Page(slug);
        var expected = site.Episodes[slug].Chapters.Select(c => (Start: c.ParseStart(), c.Title)).OrderBy(c => c.Start).ToList();
        var items = page.All("section[aria-labelledby=kapitler] ol.chapters > li");
        Assert.Equal(expected.Count, items.Length);
        var media = Links.Relative(page.Name, MediaName(slug));
        for (var i = 0; i < expected.Count; i++)
        {
            var seconds = Seconds(expected[i].Start.TotalSeconds);
            var link = items[i].QuerySelector("a.t")!;
            Assert.False(link.HasAttribute("data-t"));
            Assert.Equal($"{media}#t={seconds}", link.GetAttribute("href"));
            Assert.Equal(MediaName(slug), site.Links.Target(page.Name, link.GetAttribute("href")!, out _));
            Assert.Equal($"{Links.Clock(expected[i].Start)} {expected[i].Title}", items[i].Squash());
        }
    }

    [Fact]
    public void Chapter_times_past_an_hour_show_hours()
    {
        Assert.Equal(["0:00 Innledning", "0:10 Gevinster", "12:34 Oppsummering"], Page("podkast-en").All("ol.chapters > li").Select(li => li.Squash()));
        Assert.Equal(["0:00 Åpning", "1:02:03 Spørsmål fra salen"], Page("seminar-en").All("ol.chapters > li").Select(li => li.Squash()));
    }

    [Theory]
    [MemberData(nameof(Published))]
    public void Downloads_offer_the_mp3_and_the_transcripts_and_every_one_is_there(string slug)
    {
        var page = Page(slug);
        var episode = site.Episodes[slug];
        var links = page.All("section[aria-labelledby=last-ned] a");
        Assert.All(links, a => Assert.True(a.HasAttribute("download"), $"{a.TextContent} is not a download"));

        var targets = links.ToDictionary(a => a.TextContent, a => site.Links.Target(page.Name, a.GetAttribute("href")!, out _)!);
        var expected = new List<string> { episode.Media.Audio!.Path };
        if (episode.Media.Video is { } video)
        {
            expected.Add(video.Path);
        }

        expected.AddRange([$"episodes/{slug}/transcript.txt", $"episodes/{slug}/transcript.vtt", $"episodes/{slug}/transcript.srt"]);
        Assert.Equal(expected, targets.Values);
        Assert.Contains("MP3", targets.Single(t => t.Value == episode.Media.Audio.Path).Key, StringComparison.Ordinal);
        foreach (var (label, target) in targets)
        {
            var served = site.Links.Served(target);
            Assert.True(served is not null, $"{label} → {target} is not there");
            if (target.StartsWith("episodes/", StringComparison.Ordinal))
            {
                var extension = Path.GetExtension(target);
                Assert.Contains(extension, label, StringComparison.Ordinal);
                Assert.Equal(File.ReadAllBytes(Path.Combine(site.Content.Root.EpisodeFolder(slug), "transcript" + extension)), File.ReadAllBytes(served));
            }
        }
    }

    [Fact]
    public void Themes_link_to_theme_pages_that_exist_and_unknown_themes_are_left_out()
    {
        var themes = new Dictionary<string, string[]>
        {
            ["podkast-en"] = ["Gevinstrealisering"],
            ["podkast-to"] = ["Tjenestedesign"], // "finnes-ikke" has no theme file
            ["seminar-en"] = ["Gevinstrealisering", "Tjenestedesign"],
            ["farlig"] = ["Gevinstrealisering"],
        };
        foreach (var (slug, titles) in themes)
        {
            var page = Page(slug);
            var links = page.All("section[aria-labelledby=temaer] a");
            Assert.Equal(titles, links.Select(a => a.TextContent));
            foreach (var link in links)
            {
                var target = site.Links.Target(page.Name, link.GetAttribute("href")!, out _)!;
                Assert.Matches("^themes/[a-z0-9-]+/index.html$", target);
                Assert.Contains(target, site.PageNames);
                Assert.Equal(link.TextContent, site.Page(target).One("h1").TextContent);
            }
        }
    }

    [Fact]
    public void Speakers_show_title_date_and_duration_are_in_the_header()
    {
        Assert.Equal("Digitale Fremskritt · 15. januar 2026 · 13 min · Kari Nordmann, Ola Hansen", Page("podkast-en").One("article > p.meta").Squash());
        Assert.Equal("Digitale Fremskritt · 1. mars 2026 · 13 min · Per Olsen", Page("podkast-to").One("article > p.meta").Squash());
        Assert.Equal("Digitale Fremskritt – seminaret · 20. april 2026 · 67 min · Ingrid Solberg", Page("seminar-en").One("article > p.meta").Squash());
        Assert.Equal("Gevinster i praksis", Page("podkast-en").One("h1").TextContent);
        Assert.Equal("Gevinster i praksis – Digitale Fremskritt", Page("podkast-en").One("title").TextContent);
    }

    [Fact]
    public void Show_notes_are_rendered_markdown()
    {
        var notes = Page("podkast-to").One("section[aria-labelledby=om] .notes");
        Assert.Equal("tjenestedesign", notes.QuerySelector("strong")?.TextContent);
        Assert.Equal("Om tjenestedesign med innbyggerne i sentrum.", notes.Squash());
        Assert.Equal("Om tjenestedesign med innbyggerne i sentrum.", Page("podkast-to").One("meta[name=description]").GetAttribute("content"));
    }

    [Fact]
    public void A_scheduled_episode_has_no_page_and_nothing_links_to_it()
    {
        Assert.DoesNotContain("episodes/planlagt-episode/index.html", site.PageNames);
        Assert.False(Directory.Exists(Path.Combine(site.Output, "episodes", "planlagt-episode")));
        foreach (var page in site.AllPages)
        {
            Assert.DoesNotContain("planlagt-episode", page.Html, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Timestamps_work_with_the_keyboard_as_ordinary_links()
    {
        foreach (var slug in site.Cues.Keys)
        {
            var times = Page(slug).All("a.t, section.transcript p > a");
            Assert.NotEmpty(times);
            foreach (var link in times)
            {
                Assert.False(link.HasAttribute("tabindex"), "timestamps keep their place in the tab order");
                Assert.False(string.IsNullOrEmpty(link.GetAttribute("href")), "a timestamp without href is not focusable");
            }
        }
    }
}
