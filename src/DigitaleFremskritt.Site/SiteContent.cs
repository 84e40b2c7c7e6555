using System.Globalization;
using DigitaleFremskritt.Build.Feeds;
using DigitaleFremskritt.Domain;
using Markdig;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace DigitaleFremskritt.Site;

/// <summary>A Kommunett theme: site/themes/&lt;slug&gt;.md.</summary>
public sealed record Theme(string Slug, string Title, string Summary, int Order, string BodyHtml, string? KommunettUrl);

/// <summary>A regional gathering: site/gatherings/&lt;slug&gt;.md.</summary>
public sealed record Gathering(string Slug, string Title, string Region, DateOnly Date, string Place, IReadOnlyList<string> Episodes, IReadOnlyList<string> Questions, string BodyHtml);

/// <summary>
/// The site's own Markdown content (themes and regional gatherings, written by producers): YAML front matter plus a
/// Markdown body. A file that cannot be read is an error naming the file, never a silently missing page.
/// </summary>
public sealed class SiteContent
{
    private static readonly IDeserializer Yaml = new DeserializerBuilder().WithNamingConvention(CamelCaseNamingConvention.Instance).Build();

    public static readonly MarkdownPipeline Markdown = new MarkdownPipelineBuilder().DisableHtml().Build();

    public IReadOnlyList<Theme> Themes { get; init; } = [];

    public IReadOnlyList<Gathering> Gatherings { get; init; } = [];

    public static SiteContent Load(string? siteFolder)
    {
        if (siteFolder is null || !Directory.Exists(siteFolder))
        {
            return new SiteContent();
        }

        return new SiteContent
        {
            Themes = [.. Files(Path.Combine(siteFolder, "themes")).Select(ReadTheme).OrderBy(t => t.Order).ThenBy(t => t.Title, StringComparer.Ordinal)],
            Gatherings = [.. Files(Path.Combine(siteFolder, "gatherings")).Select(ReadGathering).OrderBy(g => g.Date).ThenBy(g => g.Slug, StringComparer.Ordinal)],
        };
    }

    private static IEnumerable<string> Files(string folder) =>
        Directory.Exists(folder) ? Directory.EnumerateFiles(folder, "*.md").Order(StringComparer.Ordinal) : [];

    private static Theme ReadTheme(string file)
    {
        var (front, body) = Split(file);
        var data = Parse<ThemeFront>(file, front);
        var slug = CheckSlug(file, data.Slug);
        if (data.Kommunett is { Length: > 0 } url && !(Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http"))
        {
            throw new FeedBuildException($"{file}: kommunett '{url}' must be an http(s) address");
        }

        return new Theme(slug, Required(file, "title", data.Title), data.Summary ?? "", data.Order, ToHtml(body), data.Kommunett);
    }

    private static Gathering ReadGathering(string file)
    {
        var (front, body) = Split(file);
        var data = Parse<GatheringFront>(file, front);
        var slug = CheckSlug(file, data.Slug);
        if (!DateOnly.TryParseExact(data.Date ?? "", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            throw new FeedBuildException($"{file}: date '{data.Date}' must be yyyy-mm-dd");
        }

        foreach (var episode in data.Episodes ?? [])
        {
            if (!Domain.Slug.IsValid(episode))
            {
                throw new FeedBuildException($"{file}: '{episode}' is not an episode slug");
            }
        }

        return new Gathering(slug, Required(file, "title", data.Title), Required(file, "region", data.Region), date, data.Place ?? "",
            data.Episodes ?? [], data.Questions ?? [], ToHtml(body));
    }

    /// <summary>Markdown to HTML: raw HTML escaped, javascript:/data: links reduced to their text.</summary>
    public static string ToHtml(string markdown)
    {
        var document = Markdig.Markdown.Parse(FeedText.Clean(markdown), Markdown);
        PodcastFeedWriter.DisarmLinks(document);
        return document.ToHtml(Markdown);
    }

    private static (string Front, string Body) Split(string file)
    {
        var text = File.ReadAllText(file).Replace("\r\n", "\n", StringComparison.Ordinal);
        if (!text.StartsWith("---\n", StringComparison.Ordinal))
        {
            throw new FeedBuildException($"{file}: must start with YAML front matter between '---' lines");
        }

        var end = text.IndexOf("\n---", 4, StringComparison.Ordinal);
        if (end < 0)
        {
            throw new FeedBuildException($"{file}: the front matter has no closing '---' line");
        }

        var bodyStart = text.IndexOf('\n', end + 4);
        return (text[4..end], bodyStart < 0 ? "" : text[(bodyStart + 1)..]);
    }

    private static T Parse<T>(string file, string yaml)
        where T : new()
    {
        try
        {
            return Yaml.Deserialize<T>(yaml) ?? new T();
        }
        catch (YamlDotNet.Core.YamlException e)
        {
            throw new FeedBuildException($"{file}: {e.Message.Split('\n')[0]}");
        }
    }

    private static string CheckSlug(string file, string? slug)
    {
        var expected = Path.GetFileNameWithoutExtension(file);
        if (!Domain.Slug.IsValid(slug) || slug != expected)
        {
            throw new FeedBuildException($"{file}: slug '{slug}' must be a-z, 0-9 and hyphens and equal the file name '{expected}'");
        }

        return slug!;
    }

    private static string Required(string file, string field, string? value) =>
        string.IsNullOrWhiteSpace(value) ? throw new FeedBuildException($"{file}: '{field}' is missing") : value.Trim();

    private sealed class ThemeFront
    {
        public string? Title { get; set; }

        public string? Slug { get; set; }

        public string? Summary { get; set; }

        public int Order { get; set; }

        public string? Kommunett { get; set; }
    }

    private sealed class GatheringFront
    {
        public string? Title { get; set; }

        public string? Slug { get; set; }

        public string? Region { get; set; }

        public string? Date { get; set; }

        public string? Place { get; set; }

        public List<string>? Episodes { get; set; }

        public List<string>? Questions { get; set; }
    }
}
