using System.Text;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using DigitaleFremskritt.Build;
using DigitaleFremskritt.Content;
using DigitaleFremskritt.Domain;
using DigitaleFremskritt.Media;
using DigitaleFremskritt.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace DigitaleFremskritt.Site.Tests;

public static class Repo
{
    /// <summary>The repo's own site content (themes and gatherings written by producers).</summary>
    public static string SiteFolder => Path.Combine(Repository.Root, "site");
}

public static class Builds
{
    /// <summary>The clock of every site build here: 1 July 2026, 12:00 in Oslo.</summary>
    public static readonly DateTimeOffset Now = new(2026, 7, 1, 10, 0, 0, TimeSpan.Zero);

    public static FakeTimeProvider Clock(DateTimeOffset? at = null) => new(at ?? Now);

    /// <summary>BuildOutput the way the CLI wires it: the feeds, then the website as a build step.</summary>
    public static BuildOutput Builder(TestContent content, string? siteFolder, TimeProvider? clock = null)
    {
        clock ??= Clock();
        return new BuildOutput(content.Root, content.Options, new FfmpegTool(new ToolOptions()), clock, NullLogger<BuildOutput>.Instance,
            [new BuildSite(content.Root, content.Options, clock, siteFolder)]);
    }

    public static Task<BuildResult> BuildAsync(TestContent content, string? siteFolder, TimeProvider? clock = null) =>
        Builder(content, siteFolder, clock).RunAsync();

    /// <summary>Every file of the output folder (relative name, '/'-separated) with its bytes.</summary>
    public static SortedDictionary<string, byte[]> Snapshot(string folder)
    {
        var files = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
        {
            files[Path.GetRelativePath(folder, file).Replace('\\', '/')] = File.ReadAllBytes(file);
        }

        return files;
    }

    public static IEnumerable<string> PageNames(string outputFolder) =>
        Directory.EnumerateFiles(outputFolder, "*.html", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(outputFolder, f).Replace('\\', '/'))
            .Order(StringComparer.Ordinal);
}

/// <summary>A page parsed by a real HTML5 parser, with the parse errors the parser reported.</summary>
public sealed record ParsedPage(string Name, string Html, IDocument Document, IReadOnlyList<string> ParseErrors)
{
    public IElement One(string selector)
    {
        var found = Document.QuerySelectorAll(selector);
        Assert.True(found.Length == 1, $"{Name}: expected one '{selector}', found {found.Length}");
        return found[0];
    }

    public IHtmlCollection<IElement> All(string selector) => Document.QuerySelectorAll(selector);

    public static ParsedPage Parse(string name, string html)
    {
        var errors = new List<string>();
        var parser = new HtmlParser();
        parser.Error += (_, e) =>
        {
            if (e is AngleSharp.Html.Dom.Events.HtmlErrorEvent error)
            {
                errors.Add($"{error.Position.Line}:{error.Position.Column} {error.Message}");
            }
        };
        var document = parser.ParseDocument(html);
        return new ParsedPage(name, html, document, errors);
    }

    public static ParsedPage Load(string outputFolder, string name) =>
        Parse(name, new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(File.ReadAllBytes(Path.Combine(outputFolder, name))));
}

/// <summary>
/// Follows every relative href/src/poster/action of a page the way a browser would from the page's folder, and says
/// what it lands on: a file of the output folder, a folder's index.html, or a media file (served from the content
/// root's media store). Absolute links under the public base URL are checked the same way; other http(s)/mailto
/// links are external; any other scheme is a problem.
/// </summary>
public sealed partial class LinkChecker(string outputFolder, ContentRoot root, string baseUrl)
{
    public static readonly string[] LinkAttributes = ["href", "src", "poster", "action"];

    [GeneratedRegex("^[a-zA-Z][a-zA-Z0-9+.-]*:")]
    private static partial Regex Scheme();

    /// <summary>The public name a reference leads to (without fragment), or null when it is external or a same-page fragment.</summary>
    public string? Target(string pageName, string reference, out string? problem)
    {
        problem = null;
        var value = reference.Trim();
        if (value.StartsWith('#'))
        {
            return null;
        }

        string path;
        if (Scheme().IsMatch(value))
        {
            if (value.StartsWith(baseUrl, StringComparison.Ordinal))
            {
                path = value[baseUrl.Length..];
                pageName = "index.html";
            }
            else if (value.StartsWith("https://", StringComparison.OrdinalIgnoreCase) || value.StartsWith("http://", StringComparison.OrdinalIgnoreCase)
                || value.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase))
            {
                return null;
            }
            else
            {
                problem = $"unsafe scheme in '{reference}'";
                return null;
            }
        }
        else
        {
            path = value;
        }

        var cut = path.IndexOfAny(['#', '?']);
        if (cut >= 0)
        {
            path = path[..cut];
        }

        if (path.StartsWith('/'))
        {
            problem = $"'{reference}' is root-relative: the site must work under any base path";
            return null;
        }

        var segments = pageName.Split('/').SkipLast(1).ToList();
        var parts = Uri.UnescapeDataString(path).Split('/');
        for (var i = 0; i < parts.Length; i++)
        {
            switch (parts[i])
            {
                case "" when i < parts.Length - 1:
                    problem = $"'{reference}' has an empty path segment";
                    return null;
                case "" or ".":
                    break;
                case ".." when segments.Count == 0:
                    problem = $"'{reference}' climbs above the site root";
                    return null;
                case "..":
                    segments.RemoveAt(segments.Count - 1);
                    break;
                default:
                    segments.Add(parts[i]);
                    break;
            }
        }

        var name = string.Join('/', segments);
        if (parts[^1] is "" or "." or "..")
        {
            return name.Length == 0 ? "index.html" : name + "/index.html";
        }

        return name;
    }

    /// <summary>The file a public name is served from, or null if nothing serves it.</summary>
    public string? Served(string name)
    {
        if (name.StartsWith(PublicLayout.MediaFolder + "/", StringComparison.Ordinal))
        {
            var stored = root.Resolve(name);
            return PublicLayout.IsMediaStorePath(name) && File.Exists(stored) ? stored : null;
        }

        var local = Path.Combine(outputFolder, name);
        return File.Exists(local) ? local : null;
    }

    /// <summary>"t=" and whole seconds: a time fragment site.js seeks to, not an id.</summary>
    public static bool IsTimeFragment(string fragment) => Regex.IsMatch(fragment, "^t=[0-9]+$");

    /// <summary>Every broken reference of a page, as readable lines.</summary>
    public IEnumerable<string> Problems(ParsedPage page, Func<string, ParsedPage?> pageByName)
    {
        var ids = page.Document.QuerySelectorAll("[id]").Select(e => e.Id!).ToHashSet(StringComparer.Ordinal);
        foreach (var element in page.Document.All)
        {
            foreach (var attribute in LinkAttributes)
            {
                if (element.GetAttribute(attribute) is not { } reference)
                {
                    continue;
                }

                var where = $"{page.Name}: <{element.LocalName} {attribute}=\"{reference}\">";
                if (reference.Trim().StartsWith('#'))
                {
                    // "#t=SECONDS" is a time on the page's player, handled by site.js (without it, a harmless no-op).
                    if (reference.Length > 1 && !IsTimeFragment(reference[1..]) && !ids.Contains(Uri.UnescapeDataString(reference[1..])))
                    {
                        yield return $"{where} points at no id on the page";
                    }

                    continue;
                }

                var target = Target(page.Name, reference, out var problem);
                if (problem is not null)
                {
                    yield return $"{where}: {problem}";
                    continue;
                }

                if (target is null)
                {
                    continue;
                }

                if (Served(target) is null)
                {
                    yield return Directory.Exists(Path.Combine(outputFolder, target))
                        ? $"{where} names the folder {target} without a trailing '/'"
                        : $"{where} leads to {target}, which is not there";
                    continue;
                }

                // A fragment into another page must name an id there (#t=N on media is a media fragment).
                var hash = reference.IndexOf('#', StringComparison.Ordinal);
                if (hash >= 0 && target.EndsWith(".html", StringComparison.Ordinal) && pageByName(target) is { } other)
                {
                    var id = Uri.UnescapeDataString(reference[(hash + 1)..]);
                    if (!IsTimeFragment(id) && other.Document.GetElementById(id) is null)
                    {
                        yield return $"{where}: {target} has no id '{id}'";
                    }
                }
            }
        }
    }
}

public static class Text
{
    /// <summary>Text content with runs of white space as one space, trimmed.</summary>
    public static string Squash(this INode node) => Regex.Replace(node.TextContent, @"\s+", " ").Trim();
}

/// <summary>One transcript paragraph as the page shows it: its time link, the speaker (when shown) and its text.</summary>
public sealed record ShownParagraph(IElement Element, IElement Link, string? Speaker, string Text);

/// <summary>Reads and checks an episode page's transcript against the cues it was built from.</summary>
public static class TranscriptMarkup
{
    /// <summary>The paragraphs of section.transcript (all its &lt;p&gt; but the hint), each checked for its shape.</summary>
    public static IReadOnlyList<ShownParagraph> Paragraphs(ParsedPage page)
    {
        var list = new List<ShownParagraph>();
        foreach (var p in page.One("section.transcript").QuerySelectorAll("p").Where(p => !p.ClassList.Contains("hint")))
        {
            var children = p.Children.Select(c => c.LocalName).ToList();
            Assert.True(children.SequenceEqual(["a"]) || children.SequenceEqual(["a", "b"]), $"<p> holds <{string.Join("><", children)}>: {p.OuterHtml}");
            var link = p.Children[0];
            var speaker = children.Count == 2 ? p.Children[1] : null;
            var prefix = link.TextContent + " " + (speaker is null ? "" : speaker.TextContent + " ");
            Assert.StartsWith(prefix, p.TextContent, StringComparison.Ordinal);
            Assert.True(p.FirstChild == link, $"the time comes first: {p.OuterHtml}");
            Assert.True(speaker?.TextContent.EndsWith(':') ?? true, $"a speaker ends with a colon: {p.OuterHtml}");
            list.Add(new ShownParagraph(p, link, speaker?.TextContent[..^1], p.TextContent[prefix.Length..]));
        }

        return list;
    }

    /// <summary>
    /// Every cue's text, trimmed, in order, in paragraphs that break exactly where the rules say (speaker change,
    /// pause ≥ 3 s, 30 s reached); each paragraph links "#t=" the floored start of its first cue and shows the speaker
    /// only when it changes; the time link of the first paragraph of each whole second has the id tN, the others none.
    /// </summary>
    public static void Check(ParsedPage page, IReadOnlyList<(double Start, double End, string? Speaker, string Text)> cues)
    {
        var paragraphs = Paragraphs(page);
        Assert.Equal(cues.Count == 0, paragraphs.Count == 0);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        string? previousSpeaker = null;
        var k = 0;
        foreach (var paragraph in paragraphs)
        {
            Assert.True(k < cues.Count, $"more paragraphs than cues: '{paragraph.Text}'");
            var first = k;
            var speaker = cues[k].Speaker is { Length: > 0 } s ? s : previousSpeaker;
            var text = cues[k].Text.Trim();
            k++;
            while (text != paragraph.Text && k < cues.Count && paragraph.Text.StartsWith(text + " ", StringComparison.Ordinal))
            {
                var cue = cues[k];
                Assert.False(cue.Speaker is { Length: > 0 } named && named != speaker, $"'{cue.Text}' is another speaker's, yet joins the paragraph at {cues[first].Start}");
                Assert.True(cue.Start - cues[k - 1].End < 3, $"'{cue.Text}' follows a pause, yet joins the paragraph at {cues[first].Start}");
                Assert.True(cue.Start - cues[first].Start < 30, $"'{cue.Text}' starts 30 s or more into the paragraph at {cues[first].Start}");
                text += " " + cue.Text.Trim();
                k++;
            }

            Assert.Equal(text, paragraph.Text);
            if (k < cues.Count)
            {
                var next = cues[k];
                Assert.True((next.Speaker is { Length: > 0 } n && n != speaker) || next.Start - cues[k - 1].End >= 3 || next.Start - cues[first].Start >= 30,
                    $"a new paragraph at '{next.Text}' without a speaker change, a pause or 30 s");
            }

            var second = ((long)Math.Floor(cues[first].Start)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal("#t=" + second, paragraph.Link.GetAttribute("href"));
            Assert.Equal(Links.Clock(TimeSpan.FromSeconds(Math.Floor(cues[first].Start))), paragraph.Link.TextContent);
            Assert.True(paragraph.Link.Matches("a.t, .transcript p > a"), "the time is what Pagefind's --exclude-selectors leaves out");
            Assert.False(paragraph.Element.HasAttribute("id"), "the id sits on the time link: on the paragraph, Pagefind would copy its text into the anchor");
            if (ids.Add(second))
            {
                Assert.Equal(["id", "href"], paragraph.Link.Attributes.Select(a => a.Name));
                Assert.Equal("t" + second, paragraph.Link.GetAttribute("id"));
            }
            else
            {
                Assert.Equal(["href"], paragraph.Link.Attributes.Select(a => a.Name));
            }

            Assert.Equal(speaker is { Length: > 0 } && speaker != previousSpeaker ? speaker : null, paragraph.Speaker);
            previousSpeaker = speaker;
        }

        Assert.True(k == cues.Count, $"cues from '{(k < cues.Count ? cues[k].Text : "")}' on are missing");
        var all = page.All("[id]").Select(e => e.Id!).ToList();
        Assert.Equal(all.Count, all.Distinct(StringComparer.Ordinal).Count());
    }
}
