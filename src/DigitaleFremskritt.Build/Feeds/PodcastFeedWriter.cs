using System.Globalization;
using System.ServiceModel.Syndication;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using Markdig;

namespace DigitaleFremskritt.Build.Feeds;

/// <summary>
/// Writes an RSS 2.0 podcast feed with System.ServiceModel.Syndication plus the itunes: and podcast: namespace
/// elements Apple Podcasts and Podcasting 2.0 apps read. All text goes through an XML writer (so &amp; and &lt; are
/// escaped), is cleaned of characters XML cannot carry, and is cut to the limits with an ellipsis.
/// </summary>
public static class PodcastFeedWriter
{
    public static readonly XNamespace Itunes = "http://www.itunes.com/dtds/podcast-1.0.dtd";
    public static readonly XNamespace Podcast = "https://podcastindex.org/namespace/1.0";
    public static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";

    /// <summary>Apple: the channel description may be at most 4000 bytes.</summary>
    public const int MaxDescriptionBytes = 4000;

    /// <summary>Apps cut long titles anyway; keeping them bounded protects layouts and the XML size.</summary>
    public const int MaxTitleBytes = 255;

    /// <summary>podcast:person: names should not exceed 128 characters.</summary>
    public const int MaxPersonBytes = 128;

    private static readonly MarkdownPipeline ShowNotes = new MarkdownPipelineBuilder().DisableHtml().Build();

    public static byte[] Write(FeedChannel channel, IEnumerable<FeedItem> items)
    {
        var feed = new SyndicationFeed(
            Text(channel.Title, MaxTitleBytes),
            FeedText.TruncateUtf8(FeedText.Clean(channel.Description).Trim(), MaxDescriptionBytes),
            new Uri(channel.Link))
        {
            Language = channel.Language,
            Generator = "Digitale Fremskritt",
        };
        if (channel.LastBuildDate is { } updated)
        {
            feed.LastUpdatedTime = updated;
        }

        if (!string.IsNullOrWhiteSpace(channel.Copyright))
        {
            feed.Copyright = new TextSyndicationContent(FeedText.OneLine(channel.Copyright));
        }

        var extensions = new List<XElement>
        {
            new(Atom + "link", new XAttribute("href", channel.FeedUrl), new XAttribute("rel", "self"), new XAttribute("type", "application/rss+xml")),
            new(Itunes + "image", new XAttribute("href", channel.ImageUrl)),
        };
        foreach (var value in channel.Categories)
        {
            var (category, subcategory) = AppleCategories.Parse(value);
            extensions.Add(new XElement(Itunes + "category", new XAttribute("text", category),
                subcategory is null ? null : new XElement(Itunes + "category", new XAttribute("text", subcategory))));
        }

        extensions.AddRange(
        [
            new XElement(Itunes + "explicit", channel.Explicit ? "true" : "false"),
            new XElement(Itunes + "author", Text(channel.Author, MaxTitleBytes)),
            new XElement(Itunes + "owner",
                new XElement(Itunes + "name", Text(channel.OwnerName, MaxTitleBytes)),
                new XElement(Itunes + "email", FeedText.OneLine(channel.OwnerEmail))),
            new XElement(Itunes + "type", "episodic"),
            new XElement(Podcast + "guid", (channel.PodcastGuid ?? PodcastGuid.ForFeedUrl(channel.FeedUrl)).ToString("D")),
            new XElement(Podcast + "locked", new XAttribute("owner", FeedText.OneLine(channel.OwnerEmail)), channel.Locked ? "yes" : "no"),
            new XElement(Podcast + "medium", channel.Medium),
        ]);
        foreach (var element in extensions)
        {
            feed.ElementExtensions.Add(element.CreateReader());
        }

        feed.Items = items.Select(ToSyndicationItem).ToList();

        var document = new XDocument();
        using (var writer = document.CreateWriter())
        {
            new Rss20FeedFormatter(feed, serializeExtensionsAsAtom: false).WriteTo(writer);
        }

        HoistNamespaces(document);
        var settings = new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = true, NewLineChars = "\n" };
        using var stream = new MemoryStream();
        using (var xml = XmlWriter.Create(stream, settings))
        {
            document.Save(xml);
        }

        return stream.ToArray();
    }

    /// <summary>
    /// Show notes as HTML when they fit in Apple's limit; otherwise as HTML-escaped plain text cut to it. Raw HTML in
    /// the Markdown is escaped, and links or images with any scheme other than http, https or mailto (javascript:,
    /// data:, …) are reduced to their text.
    /// </summary>
    public static string Description(string? markdown)
    {
        var text = FeedText.Clean(markdown).Trim();
        if (text.Length == 0)
        {
            return "";
        }

        var document = Markdown.Parse(text, ShowNotes);
        DisarmLinks(document);
        var html = document.ToHtml(ShowNotes).Trim();
        if (Encoding.UTF8.GetByteCount(html) <= MaxDescriptionBytes)
        {
            return html;
        }

        // Escaping lengthens the text (&lt; is 4 bytes): cut, escape, and cut shorter until the escaped form fits.
        var plain = Markdown.ToPlainText(text, ShowNotes).Trim();
        for (var budget = MaxDescriptionBytes; ; )
        {
            var escaped = EscapeHtmlText(FeedText.TruncateUtf8(plain, budget));
            var overflow = Encoding.UTF8.GetByteCount(escaped) - MaxDescriptionBytes;
            if (overflow <= 0)
            {
                return escaped;
            }

            budget -= Math.Max(overflow, 1);
        }
    }

    /// <summary>Links and images with a scheme other than http, https or mailto become their plain text.</summary>
    public static void DisarmLinks(Markdig.Syntax.MarkdownDocument document)
    {
        foreach (var link in Markdig.Syntax.MarkdownObjectExtensions.Descendants<Markdig.Syntax.Inlines.LinkInline>(document).ToList())
        {
            if (!IsSafeUrl(link.Url))
            {
                var label = string.Concat(Markdig.Syntax.MarkdownObjectExtensions.Descendants<Markdig.Syntax.Inlines.LiteralInline>(link).Select(l => l.Content.ToString()));
                link.ReplaceBy(new Markdig.Syntax.Inlines.LiteralInline(label), copyChildren: false);
            }
        }

        foreach (var link in Markdig.Syntax.MarkdownObjectExtensions.Descendants<Markdig.Syntax.Inlines.AutolinkInline>(document).ToList())
        {
            if (!link.IsEmail && !IsSafeUrl(link.Url))
            {
                link.ReplaceBy(new Markdig.Syntax.Inlines.LiteralInline(link.Url));
            }
        }
    }

    /// <summary>Text for HTML element content: only &amp;, &lt; and &gt; need escaping; æøå stay readable.</summary>
    private static string EscapeHtmlText(string text) =>
        text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);

    /// <summary>http(s) and mailto, or a relative reference (no scheme at all).</summary>
    public static bool IsSafeUrl(string? url)
    {
        var value = (url ?? "").Trim();
        var colon = value.IndexOf(':', StringComparison.Ordinal);
        var boundary = value.IndexOfAny(['/', '?', '#']);
        if (colon < 0 || (boundary >= 0 && boundary < colon))
        {
            return true;
        }

        var scheme = value[..colon];
        return scheme.Equals("http", StringComparison.OrdinalIgnoreCase) || scheme.Equals("https", StringComparison.OrdinalIgnoreCase)
            || scheme.Equals("mailto", StringComparison.OrdinalIgnoreCase);
    }

    private static SyndicationItem ToSyndicationItem(FeedItem episode)
    {
        var item = new SyndicationItem
        {
            Id = episode.Id,
            Title = new TextSyndicationContent(Text(episode.Title, MaxTitleBytes)),
            PublishDate = episode.PublishDate,
        };
        item.Links.Add(SyndicationLink.CreateAlternateLink(new Uri(episode.Link)));
        item.Links.Add(SyndicationLink.CreateMediaEnclosureLink(new Uri(episode.Enclosure.Url), episode.Enclosure.Type, episode.Enclosure.Length));
        var description = Description(episode.DescriptionMarkdown);
        if (description.Length > 0)
        {
            item.Summary = new TextSyndicationContent(description, TextSyndicationContentKind.Html);
        }

        var extensions = new List<XElement>
        {
            new(Itunes + "title", Text(episode.Title, MaxTitleBytes)),
            new(Itunes + "duration", ((long)Math.Round(episode.Duration.TotalSeconds)).ToString(CultureInfo.InvariantCulture)),
            new(Itunes + "image", new XAttribute("href", episode.ImageUrl)),
            new(Itunes + "explicit", episode.Explicit ? "true" : "false"),
            new(Itunes + "episodeType", "full"),
        };
        if (episode.Season is { } season)
        {
            extensions.Add(new XElement(Itunes + "season", season));
            extensions.Add(new XElement(Podcast + "season", season));
        }

        if (episode.Episode is { } number)
        {
            extensions.Add(new XElement(Itunes + "episode", number));
            extensions.Add(new XElement(Podcast + "episode", number));
        }

        foreach (var transcript in episode.Transcripts)
        {
            extensions.Add(new XElement(Podcast + "transcript",
                new XAttribute("url", transcript.Url),
                new XAttribute("type", transcript.Type),
                transcript.Language is null ? null : new XAttribute("language", transcript.Language),
                transcript.Rel is null ? null : new XAttribute("rel", transcript.Rel)));
        }

        if (episode.ChaptersUrl is not null)
        {
            extensions.Add(new XElement(Podcast + "chapters", new XAttribute("url", episode.ChaptersUrl), new XAttribute("type", "application/json+chapters")));
        }

        foreach (var person in episode.Persons)
        {
            extensions.Add(new XElement(Podcast + "person", new XAttribute("role", person.Role), Text(person.Name, MaxPersonBytes)));
        }

        foreach (var element in extensions)
        {
            item.ElementExtensions.Add(element.CreateReader());
        }

        return item;
    }

    private static string Text(string? value, int maxBytes) => FeedText.TruncateUtf8(FeedText.OneLine(value), maxBytes);

    /// <summary>
    /// The formatter declares extension namespaces on &lt;channel&gt; (or on each element); apps and validators expect
    /// them once, on &lt;rss&gt;. LINQ to XML then writes every element with these prefixes.
    /// </summary>
    private static void HoistNamespaces(XDocument document)
    {
        var rss = document.Root!;
        foreach (var declaration in rss.Descendants().Attributes().Where(a => a.IsNamespaceDeclaration).ToList())
        {
            declaration.Remove();
        }

        rss.Add(
            new XAttribute(XNamespace.Xmlns + "itunes", Itunes.NamespaceName),
            new XAttribute(XNamespace.Xmlns + "podcast", Podcast.NamespaceName),
            new XAttribute(XNamespace.Xmlns + "atom", Atom.NamespaceName));
    }
}
