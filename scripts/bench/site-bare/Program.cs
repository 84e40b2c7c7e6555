// The rendering reference of scripts/bench/site.sh:
//
//   site-bare CONTENT_DIR OUT_DIR SITE_DIR APPSETTINGS_JSON [BASE_URL]
//
// Writes OUT_DIR/episodes/<slug>/index.html for every episode folder of CONTENT_DIR (a folder with episode.yaml), with
// the same HTML as the site build's EpisodePage.razor inside Page.razor (frame, player, notes, chapters, themes,
// downloads, the transcript as paragraphs of cues: a new one at a speaker change, a pause of 3 s or after 30 s), but
// written by hand: one StringBuilder per page, the text escaped with the same HtmlEncoder (UnicodeRanges.All) the
// build's HtmlRenderer uses. No Razor, no components. site.sh compares the pages byte for byte with the build's, so
// a change to the project's episode page shows up as pages that are no longer identical.
//
// Not timed (the build has this in memory before its "site pages" step starts): reading and parsing episode.yaml
// (YamlDotNet), the theme titles (SITE_DIR/themes/*.md front matter) and the show titles (APPSETTINGS_JSON, "Shows").
// Timed, per episode, newest first as the build does: read transcript.vtt, parse its cues, join them into
// paragraphs, build the page, encode it as UTF-8 and write it (File.WriteAllBytes; the build also hashes every file
// (MD5) and writes via a temp file and a rename, which this does not).
// Prints: pages N, bytes B (HTML written), cues C, seconds S (the timed part, wall clock), cpu-seconds C (the timed
// part's CPU time, all threads: the runtime's GC and JIT threads included), load-seconds L (the untimed part).
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

if (args.Length is < 4 or > 5)
{
    Console.Error.WriteLine("usage: site-bare CONTENT_DIR OUT_DIR SITE_DIR APPSETTINGS_JSON [BASE_URL]");
    return 2;
}

var (contentDir, outDir, siteDir, appsettings) = (Path.GetFullPath(args[0]), Path.GetFullPath(args[1]), args[2], args[3]);
var baseUrl = args.Length == 5 ? args[4] : "http://localhost:8080/";

var load = Stopwatch.StartNew();
var yaml = new DeserializerBuilder().WithNamingConvention(CamelCaseNamingConvention.Instance).IgnoreUnmatchedProperties().Build();
var episodes = Directory.EnumerateDirectories(contentDir)
    .Where(d => File.Exists(Path.Combine(d, "episode.yaml")))
    .Select(d => (Folder: d, Data: yaml.Deserialize<EpisodeData>(File.ReadAllText(Path.Combine(d, "episode.yaml")))))
    .OrderByDescending(e => e.Data.Date, StringComparer.Ordinal).ThenBy(e => e.Data.Slug, StringComparer.Ordinal)
    .ToList();
var themeTitles = new Dictionary<string, string>(StringComparer.Ordinal);
foreach (var file in Directory.Exists(Path.Combine(siteDir, "themes")) ? Directory.EnumerateFiles(Path.Combine(siteDir, "themes"), "*.md") : [])
{
    var title = File.ReadLines(file).Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith("title:", StringComparison.Ordinal));
    if (title is not null)
    {
        themeTitles[Path.GetFileNameWithoutExtension(file)] = title["title:".Length..].Trim().Trim('"');
    }
}

var shows = new SortedDictionary<string, (string Title, bool Video)>(StringComparer.Ordinal);
using (var settings = JsonDocument.Parse(File.ReadAllText(appsettings)))
{
    foreach (var show in settings.RootElement.GetProperty("Shows").EnumerateObject())
    {
        shows[show.Name.ToLowerInvariant()] = (show.Value.GetProperty("Title").GetString() ?? show.Name,
            show.Value.GetProperty("Kind").GetString() == "Video");
    }
}

var feeds = new List<(string Title, string Url)>();
foreach (var (id, show) in shows)
{
    feeds.Add((show.Title, $"{baseUrl}feeds/{id}.xml"));
    if (show.Video)
    {
        feeds.Add(($"{show.Title} (lyd)", $"{baseUrl}feeds/{id}-audio.xml"));
    }
}

load.Stop();

var html = HtmlEncoder.Create(UnicodeRanges.All);
var inv = CultureInfo.InvariantCulture;
string[] months = ["januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september", "oktober", "november", "desember"];
long bytes = 0, cueCount = 0;
var cpu = Process.GetCurrentProcess().TotalProcessorTime;
var clock = Stopwatch.StartNew();
foreach (var (folder, e) in episodes)
{
    var slug = e.Slug;
    var cues = ReadVtt(Path.Combine(folder, "transcript.vtt"));
    cueCount += cues.Count;
    var media = "../../" + (e.Media.Video?.Path ?? e.Media.Audio!.Path);
    var showTitle = shows.TryGetValue(e.Show, out var s) ? s.Title : e.Show;
    var date = DateOnly.ParseExact(e.Date, "yyyy-MM-dd", inv);
    var duration = TimeSpan.FromSeconds(e.Media.Video?.DurationSeconds ?? e.Media.Audio!.DurationSeconds ?? 0);
    var notes = Notes(e.Description ?? "");

    var b = new StringBuilder(cues.Count * 110 + 8192);
    b.Append("<!DOCTYPE html>\n<html lang=\"nb\"><head><meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>")
        .Append(html.Encode(e.Title)).Append(" – Digitale Fremskritt</title>");
    b.Append("<meta name=\"description\" content=\"").Append(html.Encode(notes.Plain)).Append("\" />");
    b.Append("<link rel=\"stylesheet\" href=\"../../assets/site.css\" />");
    foreach (var (title, url) in feeds)
    {
        b.Append("<link rel=\"alternate\" type=\"application/rss&#x2B;xml\" title=\"").Append(html.Encode(title)).Append("\" href=\"").Append(html.Encode(url)).Append("\" />");
    }

    b.Append("<script src=\"../../assets/site.js\" defer></script></head>\n<body><a class=\"skip\" href=\"#innhold\">Hopp til innholdet</a>\n")
        .Append("<header class=\"site\"><p class=\"brand\"><a href=\"../../\">Digitale Fremskritt</a></p>\n<nav aria-label=\"Hovedmeny\"><ul><li><a href=\"../../shows/\">Episoder</a></li>\n")
        .Append("<li><a href=\"../../themes/\">Temaer</a></li>\n<li><a href=\"../../gatherings/\">Regionsamlinger</a></li>\n<li><a href=\"../../search/\">Søk</a></li>\n")
        .Append("<li><a href=\"../../subscribe/\">Abonner</a></li></ul></nav></header>\n")
        .Append("<main id=\"innhold\" data-pagefind-body=\"\"><article class=\"episode\"><h1>").Append(html.Encode(e.Title)).Append("</h1>\n");
    b.Append("<p class=\"meta\">").Append(html.Encode(showTitle)).Append(" · <time datetime=\"").Append(e.Date).Append("\">")
        .Append(date.Day.ToString(inv)).Append(". ").Append(months[date.Month - 1]).Append(' ').Append(date.Year.ToString(inv)).Append("</time> · ")
        .Append(Math.Round(duration.TotalMinutes).ToString(inv)).Append(" min");
    if (e.Speakers.Count > 0)
    {
        b.Append(" · ").Append(html.Encode(string.Join(", ", e.Speakers)));
    }

    b.Append("</p>\n<div class=\"player\" data-pagefind-ignore>");
    var captions = $"../../episodes/{slug}/transcript.vtt";
    var track = $"<track kind=\"captions\" srclang=\"nb\" label=\"Norsk (teksting)\" src=\"{html.Encode(captions)}\" default />";
    if (e.Media.Video is { } video)
    {
        b.Append("<video id=\"spiller\" controls preload=\"metadata\" playsinline");
        if (e.Media.Poster is { } poster)
        {
            b.Append(" poster=\"../../").Append(html.Encode(poster.Path)).Append('"');
        }

        b.Append(" aria-describedby=\"tekst-lenke\"><source src=\"").Append(html.Encode(media)).Append("\" type=\"video/mp4\" />").Append(track)
            .Append("<a href=\"").Append(html.Encode(media)).Append("\">Last ned videoen</a></video>");
    }
    else
    {
        b.Append("<audio id=\"spiller\" controls preload=\"metadata\" aria-describedby=\"tekst-lenke\"><source src=\"").Append(html.Encode(media))
            .Append("\" type=\"audio/mpeg\" />").Append(track).Append("<a href=\"").Append(html.Encode(media)).Append("\">Last ned lydfilen</a></audio>");
    }

    b.Append("<p id=\"tekst-lenke\"><a href=\"#tekst\">Les hele teksten</a> (under spilleren)</p></div>");
    if (notes.Html.Length > 0)
    {
        b.Append("<section aria-labelledby=\"om\"><h2 id=\"om\">Om episoden</h2>\n<div class=\"notes\">").Append(notes.Html).Append("</div></section>");
    }

    if (e.Chapters.Count > 0)
    {
        b.Append("<section aria-labelledby=\"kapitler\" data-pagefind-ignore><h2 id=\"kapitler\">Kapitler</h2>\n<ol class=\"chapters\">");
        foreach (var chapter in e.Chapters.Select(c => (Start: TimeSpan.Parse(c.Start, inv), c.Title)).OrderBy(c => c.Start))
        {
            var seconds = Seconds(chapter.Start);
            b.Append("<li><a class=\"t\" href=\"").Append(html.Encode(media)).Append("#t=").Append(seconds).Append("\">")
                .Append(Clock(chapter.Start)).Append("</a> ").Append(html.Encode(chapter.Title)).Append("</li>");
        }

        b.Append("</ol></section>");
    }

    var themes = e.Themes.Where(themeTitles.ContainsKey).ToList();
    if (themes.Count > 0)
    {
        b.Append("<section aria-labelledby=\"temaer\" data-pagefind-ignore><h2 id=\"temaer\">Temaer</h2>\n<ul class=\"tags\">");
        foreach (var theme in themes)
        {
            b.Append("<li><a href=\"../../themes/").Append(theme).Append("/\">").Append(html.Encode(themeTitles[theme])).Append("</a></li>");
        }

        b.Append("</ul></section>");
    }

    b.Append("<section aria-labelledby=\"last-ned\" data-pagefind-ignore><h2 id=\"last-ned\">Last ned</h2>\n<ul class=\"downloads\">")
        .Append("<li><a href=\"../../").Append(html.Encode(e.Media.Audio!.Path)).Append("\" download>MP3 (lyd)</a></li>");
    if (e.Media.Video is not null)
    {
        b.Append("<li><a href=\"").Append(html.Encode(media)).Append("\" download>MP4 (video)</a></li>");
    }

    b.Append("<li><a href=\"").Append(html.Encode(captions)).Append("\" download>Teksting (.vtt)</a></li></ul></section>\n");
    b.Append("<section aria-labelledby=\"tekst\" class=\"transcript\"><h2 id=\"tekst\">Tekst</h2>");
    if (cues.Count == 0)
    {
        b.Append("<p>Teksten til denne episoden kommer snart.</p>");
    }
    else
    {
        b.Append("<p class=\"hint\" data-pagefind-ignore>Velg et tidspunkt for å spille av derfra.<noscript> (Uten JavaScript: bruk spillerens egen tidslinje")
            .Append(e.Chapters.Count > 0 ? ", eller kapitlene over, som åpner opptaket på riktig sted" : "").Append(".)</noscript></p>");
        var ids = new HashSet<string>(StringComparer.Ordinal);
        string? lastSpeaker = null;
        foreach (var (start, speaker, text) in Paragraphs(cues))
        {
            var seconds = Seconds(start);
            b.Append(ids.Add(seconds) ? "<p><a id=\"t" + seconds + "\" href=\"#t=" : "<p><a href=\"#t=").Append(seconds).Append("\">").Append(Clock(start)).Append("</a> ");
            if (speaker is { Length: > 0 } && speaker != lastSpeaker)
            {
                b.Append("<b>").Append(html.Encode(speaker)).Append(":</b> ");
            }

            lastSpeaker = speaker;
            b.Append(html.Encode(text)).Append("</p>");
        }
    }

    b.Append("</section></article></main>\n<footer class=\"site\"><p>Digitale Fremskritt er en del av Kompetanseløft Trøndelag. Alle episoder har tekst: lytt, les eller søk.</p></footer></body></html>");
    var page = Encoding.UTF8.GetBytes(b.ToString());
    var target = Path.Combine(outDir, "episodes", slug);
    Directory.CreateDirectory(target);
    File.WriteAllBytes(Path.Combine(target, "index.html"), page);
    bytes += page.Length;
}

clock.Stop();
cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
Console.WriteLine($"pages {episodes.Count}");
Console.WriteLine($"bytes {bytes}");
Console.WriteLine($"cues {cueCount}");
Console.WriteLine($"seconds {clock.Elapsed.TotalSeconds.ToString("0.000", inv)}");
Console.WriteLine($"cpu-seconds {cpu.TotalSeconds.ToString("0.000", inv)}");
Console.WriteLine($"load-seconds {load.Elapsed.TotalSeconds.ToString("0.000", inv)}");
return 0;

static string Seconds(TimeSpan time) => ((long)Math.Floor(time.TotalSeconds)).ToString(CultureInfo.InvariantCulture);

static string Clock(TimeSpan time) => time.TotalHours >= 1
    ? string.Create(CultureInfo.InvariantCulture, $"{(int)time.TotalHours}:{time.Minutes:00}:{time.Seconds:00}")
    : string.Create(CultureInfo.InvariantCulture, $"{(int)time.TotalMinutes}:{time.Seconds:00}");

// WebVTT as the generator writes it: "WEBVTT", then blocks of a "start --> end" line and text lines, "<v Name>" first.
static List<(TimeSpan Start, TimeSpan End, string Speaker, string Text)> ReadVtt(string path)
{
    var cues = new List<(TimeSpan, TimeSpan, string, string)>();
    if (!File.Exists(path))
    {
        return cues;
    }

    var lines = File.ReadAllText(path).Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
    for (var i = 0; i < lines.Length; i++)
    {
        var arrow = lines[i].IndexOf("-->", StringComparison.Ordinal);
        if (arrow < 0)
        {
            continue;
        }

        var start = TimeSpan.ParseExact(lines[i][..arrow].Trim(), @"hh\:mm\:ss\.fff", CultureInfo.InvariantCulture);
        var end = TimeSpan.ParseExact(lines[i][(arrow + 3)..].Trim().Split(' ')[0], @"hh\:mm\:ss\.fff", CultureInfo.InvariantCulture);
        var text = new StringBuilder();
        for (i++; i < lines.Length && lines[i].Length > 0; i++)
        {
            text.Append(text.Length > 0 ? " " : "").Append(lines[i]);
        }

        var cue = text.ToString();
        var speaker = "";
        if (cue.StartsWith("<v ", StringComparison.Ordinal) && cue.IndexOf('>', StringComparison.Ordinal) is var close and > 0)
        {
            speaker = cue[3..close].Trim();
            cue = cue[(close + 1)..].Replace("</v>", "", StringComparison.Ordinal).Trim();
        }

        cues.Add((start, end, speaker, cue));
    }

    return cues;
}

// Cues joined into paragraphs as the site does: a new one when the speaker changes, after a pause of 3 s or more, or
// when the paragraph has run 30 s; the paragraph's speaker is the last one named.
static List<(TimeSpan Start, string? Speaker, string Text)> Paragraphs(List<(TimeSpan Start, TimeSpan End, string Speaker, string Text)> cues)
{
    var paragraphs = new List<(TimeSpan, string?, string)>();
    TimeSpan start = default, end = default;
    string? speaker = null;
    var text = new StringBuilder();
    foreach (var cue in cues)
    {
        var newSpeaker = cue.Speaker.Length > 0 && cue.Speaker != speaker;
        if (text.Length > 0 && (newSpeaker || cue.Start - end >= TimeSpan.FromSeconds(3) || cue.Start - start >= TimeSpan.FromSeconds(30)))
        {
            paragraphs.Add((start, speaker, text.ToString()));
            text.Clear();
        }

        if (text.Length == 0)
        {
            start = cue.Start;
        }
        else
        {
            text.Append(' ');
        }

        speaker = cue.Speaker.Length > 0 ? cue.Speaker : speaker;
        text.Append(cue.Text.Trim());
        end = cue.End;
    }

    if (text.Length > 0)
    {
        paragraphs.Add((start, speaker, text.ToString()));
    }

    return paragraphs;
}

// A trivial Markdown subset for the show notes: paragraphs split on blank lines, **bold**; everything else escaped.
static (string Html, string Plain) Notes(string markdown)
{
    var html = HtmlEncoder.Create(UnicodeRanges.All);
    var paragraphs = markdown.Replace("\r\n", "\n", StringComparison.Ordinal).Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    var b = new StringBuilder();
    foreach (var paragraph in paragraphs)
    {
        var parts = paragraph.Split("**");
        if (b.Length > 0)
        {
            b.Append('\n');
        }

        b.Append("<p>");
        for (var i = 0; i < parts.Length; i++)
        {
            b.Append(i % 2 == 1 && i < parts.Length - 1 ? "<strong>" + html.Encode(parts[i]) + "</strong>" : html.Encode(parts[i]));
        }

        b.Append("</p>");
    }

    return (b.ToString(), string.Join("\n", paragraphs).Replace("**", "", StringComparison.Ordinal));
}

internal sealed class EpisodeData
{
    public string Slug { get; set; } = "";

    public string Show { get; set; } = "";

    public string Title { get; set; } = "";

    public string Date { get; set; } = "";

    public string? Description { get; set; }

    public List<string> Speakers { get; set; } = [];

    public List<string> Themes { get; set; } = [];

    public List<ChapterData> Chapters { get; set; } = [];

    public MediaData Media { get; set; } = new();
}

internal sealed class ChapterData
{
    public string Start { get; set; } = "0";

    public string Title { get; set; } = "";
}

internal sealed class MediaData
{
    public MediaFile? Audio { get; set; }

    public MediaFile? Video { get; set; }

    public MediaFile? Poster { get; set; }
}

internal sealed class MediaFile
{
    public string Path { get; set; } = "";

    public double? DurationSeconds { get; set; }
}
