namespace DigitaleFremskritt.Site.Tests;

/// <summary>
/// An episode whose title, show notes, speaker, chapter and transcript cue all carry a script, an attribute breakout,
/// an ampersand and æøå: everything comes out as text, and a javascript: link in the notes is not a live link.
/// </summary>
[Collection(SiteCollection.Name)]
public sealed class EscapingTests(SiteFixture site)
{
    private ParsedPage Farlig => site.Page("episodes/farlig/index.html");

    [Fact]
    public void No_page_has_a_script_but_the_sites_own_or_an_injected_attribute()
    {
        foreach (var page in site.AllPages)
        {
            var script = Assert.Single(page.All("script"));
            Assert.Equal("assets/site.js", site.Links.Target(page.Name, script.GetAttribute("src")!, out _));
            Assert.True(script.HasAttribute("defer"));

            foreach (var element in page.Document.All)
            {
                foreach (var attribute in element.Attributes)
                {
                    Assert.False(attribute.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase), $"{page.Name}: <{element.LocalName} {attribute.Name}=\"{attribute.Value}\">");
                }
            }

            // Only the site's own <script src=… defer> appears in the markup, in any spelling.
            var raw = System.Text.RegularExpressions.Regex.Matches(page.Html, "<script", System.Text.RegularExpressions.RegexOptions.IgnoreCase);
            Assert.Single(raw);
            Assert.DoesNotContain("<script>alert", page.Html, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public void No_live_link_anywhere_uses_an_unsafe_scheme()
    {
        foreach (var page in site.AllPages)
        {
            foreach (var element in page.All("[href], [src], [action], [poster]"))
            {
                foreach (var value in new[] { element.GetAttribute("href"), element.GetAttribute("src"), element.GetAttribute("action"), element.GetAttribute("poster") }.OfType<string>())
                {
                    var scheme = System.Text.RegularExpressions.Regex.Match(value, "^\\s*([a-zA-Z][a-zA-Z0-9+.-]*):");
                    Assert.True(!scheme.Success || scheme.Groups[1].Value.ToLowerInvariant() is "http" or "https" or "mailto",
                        $"{page.Name}: <{element.LocalName}> links to '{value}'");
                }
            }
        }
    }

    [Fact]
    public void The_title_is_text_in_the_heading_the_title_element_and_every_list()
    {
        Assert.Equal(SiteFixture.EvilTitle, Farlig.One("h1").TextContent);
        Assert.Equal(SiteFixture.EvilTitle + " – Digitale Fremskritt", Farlig.One("title").TextContent);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", Farlig.Html, StringComparison.Ordinal);

        foreach (var name in new[] { "index.html", "shows/index.html", "shows/podcast/index.html", "themes/gevinstrealisering/index.html", "gatherings/innherred/index.html" })
        {
            var page = site.Page(name);
            Assert.Contains(page.All("h3 a"), a => a.TextContent == SiteFixture.EvilTitle);
        }
    }

    [Fact]
    public void The_show_notes_keep_their_text_and_lose_the_javascript_link()
    {
        var notes = Farlig.One("section[aria-labelledby=om] .notes");
        Assert.Contains("Notater " + SiteFixture.Evil, notes.TextContent, StringComparison.Ordinal);
        Assert.Contains("klikk her", notes.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain(notes.QuerySelectorAll("a"), a => a.TextContent == "klikk her");
        Assert.DoesNotContain(notes.QuerySelectorAll("[href]"), a => a.GetAttribute("href")!.Contains("javascript", StringComparison.OrdinalIgnoreCase));
        Assert.Equal("https://example.no/trygg", Assert.Single(notes.QuerySelectorAll("a")).GetAttribute("href"));
        Assert.Empty(notes.QuerySelectorAll("script"));
    }

    [Fact]
    public void A_disarmed_link_keeps_its_label_once()
    {
        // "[klikk her](javascript:…)" becomes the text "klikk her", not "klikk herklikk her".
        var notes = Farlig.One("section[aria-labelledby=om] .notes");
        Assert.Contains("Se klikk her og en trygg lenke.", notes.Squash(), StringComparison.Ordinal);
        Assert.DoesNotContain("klikk herklikk her", notes.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void The_summary_is_plain_text_in_the_description_and_the_lists()
    {
        var description = Farlig.One("meta[name=description]").GetAttribute("content")!;
        Assert.Contains(SiteFixture.Evil, description, StringComparison.Ordinal);
        Assert.DoesNotContain("javascript", description, StringComparison.Ordinal);
        Assert.DoesNotContain("&lt;", description, StringComparison.Ordinal);

        var summary = site.Page("shows/podcast/index.html").All("ul.episodes > li")
            .Single(li => li.QuerySelector("h3")!.TextContent == SiteFixture.EvilTitle).QuerySelectorAll("p")[^1];
        Assert.Contains(SiteFixture.Evil, summary.TextContent, StringComparison.Ordinal);
        Assert.Empty(summary.Children);
    }

    [Fact]
    public void The_speaker_is_text_in_the_header_and_in_the_transcript()
    {
        Assert.EndsWith(" · " + SiteFixture.EvilSpeaker, Farlig.One("article > p.meta").TextContent, StringComparison.Ordinal);
        var paragraph = Farlig.One("section.transcript p:not(.hint)");
        Assert.Equal(SiteFixture.EvilSpeaker + ":", paragraph.QuerySelector("b")!.TextContent);
        Assert.Equal(["a", "b"], paragraph.Children.Select(c => c.LocalName));
        Assert.Empty(paragraph.QuerySelector("b")!.Children);
    }

    [Fact]
    public void The_transcript_text_and_chapter_title_are_text()
    {
        var paragraph = Farlig.One("section.transcript p:not(.hint)");
        Assert.EndsWith(" " + SiteFixture.Evil, paragraph.TextContent, StringComparison.Ordinal);
        Assert.Equal(["a", "b"], paragraph.Children.Select(c => c.LocalName));
        var chapter = Farlig.One("ol.chapters > li");
        Assert.Equal("0:00 Kapittel " + SiteFixture.Evil, chapter.Squash());
        Assert.Equal(["a"], chapter.Children.Select(c => c.LocalName));
    }

    [Fact]
    public void Ampersands_are_escaped_and_norwegian_letters_stay_readable()
    {
        foreach (var page in site.AllPages)
        {
            // Every & in the markup starts a character reference.
            Assert.DoesNotMatch("&(?![a-zA-Z]+;|#[0-9]+;|#x[0-9a-fA-F]+;)", page.Html);
            Assert.DoesNotContain("&#xE6;", page.Html, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("&#xF8;", page.Html, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("&#xE5;", page.Html, StringComparison.OrdinalIgnoreCase);
        }

        Assert.Contains("x &amp; æøå", Farlig.Html, StringComparison.Ordinal);
        Assert.Contains("Spørsmål", site.Page("episodes/seminar-en/index.html").Html, StringComparison.Ordinal);
    }

    [Fact]
    public void Gathering_questions_and_theme_summaries_from_producers_are_text()
    {
        var page = site.Page("gatherings/fosen/index.html");
        Assert.Contains("&lt;b&gt;allerede&lt;/b&gt;", page.Html, StringComparison.Ordinal);
        Assert.Contains(page.All("ol.questions > li"), li => li.TextContent == "Hvilke gevinster & «nytte» ser vi <b>allerede</b>?");
    }
}
