using DigitaleFremskritt.Domain;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace DigitaleFremskritt.Ingest;

/// <summary>
/// Producer-supplied metadata next to a recording: "name.yaml"/"name.yml", or "name.md" with YAML front matter
/// (the Markdown body becomes the description). Every field is optional and untrusted.
/// </summary>
public sealed class Sidecar
{
    public string? Title { get; set; }

    public string? Show { get; set; }

    public string? Date { get; set; }

    public string? Description { get; set; }

    public List<string>? Speakers { get; set; }

    public List<string>? Themes { get; set; }

    public int? Season { get; set; }

    public int? Episode { get; set; }

    public List<Chapter>? Chapters { get; set; }

    public string? Slug { get; set; }

    public string? Language { get; set; }
}

public static class SidecarReader
{
    public const int MaxTitleLength = 300;
    public const int MaxDescriptionLength = 20_000;

    private static readonly IDeserializer Deserializer = new DeserializerBuilder()
        .WithNamingConvention(CamelCaseNamingConvention.Instance)
        .Build();

    /// <summary>Sidecar extensions in order of preference when a recording has more than one.</summary>
    public static readonly IReadOnlyList<string> PreferredExtensions = [".yaml", ".yml", ".md"];

    /// <summary>
    /// The sidecar belonging to <paramref name="recording"/>, if there is one: a file with exactly the same stem and a
    /// sidecar extension in any letter case ("Name.YAML" too). With several, .yaml wins over .yml over .md; among names
    /// differing only in the extension's case, the lower-case one, then the ordinal-first.
    /// </summary>
    public static string? FindFor(string recording)
    {
        var folder = Path.GetDirectoryName(recording);
        folder = string.IsNullOrEmpty(folder) ? "." : folder;
        if (!Directory.Exists(folder))
        {
            return null;
        }

        var stem = Path.GetFileNameWithoutExtension(recording);
        var best = Directory.EnumerateFiles(folder)
            .Select(path => Path.GetFileName(path.AsSpan()).ToString())
            .Where(name => Path.GetFileNameWithoutExtension(name.AsSpan()).SequenceEqual(stem))
            .Select(name => (Name: name, Rank: Rank(Path.GetExtension(name))))
            .Where(c => c.Rank >= 0)
            .OrderBy(c => c.Rank)
            .ThenBy(c => PreferredExtensions.Contains(Path.GetExtension(c.Name), StringComparer.Ordinal) ? 0 : 1)
            .ThenBy(c => c.Name, StringComparer.Ordinal)
            .Select(c => c.Name)
            .FirstOrDefault();
        return best is null ? null : Path.Combine(Path.GetDirectoryName(recording) ?? "", best);

        static int Rank(string extension)
        {
            for (var i = 0; i < PreferredExtensions.Count; i++)
            {
                if (extension.Equals(PreferredExtensions[i], StringComparison.OrdinalIgnoreCase))
                {
                    return i;
                }
            }

            return -1;
        }
    }

    /// <summary>Reads and validates a sidecar; any problem is a <see cref="SidecarException"/> with one clear line.</summary>
    public static Sidecar Read(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SidecarException(path, $"cannot be read: {e.Message}", e);
        }

        return Parse(text, Path.GetExtension(path).Equals(".md", StringComparison.OrdinalIgnoreCase), path);
    }

    public static Sidecar Parse(string text, bool markdown, string name)
    {
        string yaml = text;
        string? body = null;
        if (markdown)
        {
            (yaml, body) = SplitFrontMatter(text, name);
        }

        Sidecar sidecar;
        try
        {
            sidecar = string.IsNullOrWhiteSpace(yaml) ? new Sidecar() : Deserializer.Deserialize<Sidecar>(yaml) ?? new Sidecar();
        }
        catch (YamlException e)
        {
            var reason = FriendlyYamlError((e.InnerException?.Message ?? e.Message).Split('\n')[0]);
            throw new SidecarException(name, $"line {e.Start.Line}: {StripPosition(reason)}", e);
        }

        if (body is not null && string.IsNullOrWhiteSpace(sidecar.Description))
        {
            sidecar.Description = body.Trim();
        }

        Validate(sidecar, name);
        return sidecar;
    }

    private static void Validate(Sidecar sidecar, string name)
    {
        if (sidecar.Slug is not null && !Domain.Slug.IsValid(sidecar.Slug))
        {
            throw new SidecarException(name, $"slug '{Printable(sidecar.Slug)}' is not allowed: use lower-case a-z, 0-9 and single hyphens");
        }

        if (sidecar.Title is { Length: > MaxTitleLength })
        {
            throw new SidecarException(name, $"title is {sidecar.Title.Length} characters; the maximum is {MaxTitleLength}");
        }

        if (sidecar.Description is { Length: > MaxDescriptionLength })
        {
            throw new SidecarException(name, $"description is {sidecar.Description.Length} characters; the maximum is {MaxDescriptionLength}");
        }

        // Exactly yyyy-mm-dd: a lenient parse reads the Norwegian "05.03.2024" as 3 May.
        if (sidecar.Date is not null
            && !DateOnly.TryParseExact(sidecar.Date, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out _))
        {
            throw new SidecarException(name, $"date '{Printable(sidecar.Date)}' is not a date (use yyyy-mm-dd)");
        }

        if (sidecar.Season is < 0 || sidecar.Episode is < 0)
        {
            throw new SidecarException(name, "season and episode must be positive numbers");
        }

        if (sidecar.Show is not null && !Domain.Slug.IsValid(sidecar.Show))
        {
            throw new SidecarException(name, $"show '{Printable(sidecar.Show)}' is not a show id");
        }

        foreach (var chapter in sidecar.Chapters ?? [])
        {
            try
            {
                _ = chapter.ParseStart();
            }
            catch (FormatException e)
            {
                throw new SidecarException(name, $"chapter '{Printable(chapter.Title)}': {e.Message}", e);
            }
        }
    }

    private static (string Yaml, string Body) SplitFrontMatter(string text, string name)
    {
        var normalised = text.Replace("\r\n", "\n", StringComparison.Ordinal);
        if (!normalised.StartsWith("---\n", StringComparison.Ordinal))
        {
            return ("", normalised);
        }

        var end = normalised.IndexOf("\n---", 3, StringComparison.Ordinal);
        if (end < 0)
        {
            throw new SidecarException(name, "front matter starts with '---' but has no closing '---'");
        }

        var afterFence = normalised.IndexOf('\n', end + 4);
        // end == 3 is empty front matter ("---\n---"): the closing fence directly follows the opening one.
        return (end <= 4 ? "" : normalised[4..end], afterFence < 0 ? "" : normalised[(afterFence + 1)..]);
    }

    private static string FriendlyYamlError(string message)
    {
        message = StripPosition(message);
        var unknown = System.Text.RegularExpressions.Regex.Match(message, "Property '([^']*)' not found");
        if (unknown.Success)
        {
            return $"unknown field '{Printable(unknown.Groups[1].Value)}' (known: title, show, date, description, speakers, themes, season, episode, chapters, slug, language)";
        }

        // The expected type is the target: "… into type X" or "Invalid cast from 'A' to 'X'" (A is always System.String).
        var target = System.Text.RegularExpressions.Regex.Match(message, "^(?:No node deserializer .* into type |Invalid cast from '[^']*' to ')(.*)$");
        if (target.Success)
        {
            var type = target.Groups[1].Value;
            var expected = type.StartsWith("System.Collections.Generic.List", StringComparison.Ordinal) ? "a list"
                : type.StartsWith("System.String", StringComparison.Ordinal) ? "text"
                : type.Contains("Int32", StringComparison.Ordinal) ? "a whole number" : "another kind of value";
            return $"wrong kind of value: expected {expected}";
        }

        // Only the int fields (season, episode) fail to convert a scalar.
        if (message.StartsWith("The input string", StringComparison.Ordinal) || message.Contains("overflow", StringComparison.OrdinalIgnoreCase))
        {
            return "wrong kind of value: expected a whole number";
        }

        return message;
    }

    private static string StripPosition(string message)
    {
        var marker = message.IndexOf("): ", StringComparison.Ordinal);
        return message.StartsWith("(Line", StringComparison.Ordinal) && marker > 0 ? message[(marker + 3)..] : message;
    }

    /// <summary>Untrusted text shown in a one-line message: no control characters, bounded length.</summary>
    public static string Printable(string? value)
    {
        var clean = new string((value ?? "").Select(c => char.IsControl(c) ? ' ' : c).ToArray());
        return clean.Length > 60 ? clean[..60] + "…" : clean;
    }
}

public sealed class SidecarException(string file, string reason, Exception? inner = null)
    : Exception($"sidecar {Path.GetFileName(file)}: {reason}", inner);
