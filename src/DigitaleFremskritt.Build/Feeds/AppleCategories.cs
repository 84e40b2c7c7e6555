namespace DigitaleFremskritt.Build.Feeds;

/// <summary>Apple Podcasts' category list: a feed may only use these names, spelled exactly so.</summary>
public static class AppleCategories
{
    public static readonly IReadOnlyDictionary<string, string[]> All = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["Arts"] = ["Books", "Design", "Fashion & Beauty", "Food", "Performing Arts", "Visual Arts"],
        ["Business"] = ["Careers", "Entrepreneurship", "Investing", "Management", "Marketing", "Non-Profit"],
        ["Comedy"] = ["Comedy Interviews", "Improv", "Stand-Up"],
        ["Education"] = ["Courses", "How To", "Language Learning", "Self-Improvement"],
        ["Fiction"] = ["Comedy Fiction", "Drama", "Science Fiction"],
        ["Government"] = [],
        ["History"] = [],
        ["Health & Fitness"] = ["Alternative Health", "Fitness", "Medicine", "Mental Health", "Nutrition", "Sexuality"],
        ["Kids & Family"] = ["Education for Kids", "Parenting", "Pets & Animals", "Stories for Kids"],
        ["Leisure"] = ["Animation & Manga", "Automotive", "Aviation", "Crafts", "Games", "Hobbies", "Home & Garden", "Video Games"],
        ["Music"] = ["Music Commentary", "Music History", "Music Interviews"],
        ["News"] = ["Business News", "Daily News", "Entertainment News", "News Commentary", "Politics", "Sports News", "Tech News"],
        ["Religion & Spirituality"] = ["Buddhism", "Christianity", "Hinduism", "Islam", "Judaism", "Religion", "Spirituality"],
        ["Science"] = ["Astronomy", "Chemistry", "Earth Sciences", "Life Sciences", "Mathematics", "Natural Sciences", "Nature", "Physics", "Social Sciences"],
        ["Society & Culture"] = ["Documentary", "Personal Journals", "Philosophy", "Places & Travel", "Relationships"],
        ["Sports"] = ["Baseball", "Basketball", "Cricket", "Fantasy Sports", "Football", "Golf", "Hockey", "Rugby", "Running", "Soccer", "Swimming", "Tennis", "Volleyball", "Wilderness", "Wrestling"],
        ["Technology"] = [],
        ["True Crime"] = [],
        ["TV & Film"] = ["After Shows", "Film History", "Film Interviews", "Film Reviews", "TV Reviews"],
    };

    /// <summary>Parses "Category" or "Category/Subcategory"; throws with the valid choices when Apple has no such category.</summary>
    public static (string Category, string? Subcategory) Parse(string value)
    {
        var parts = value.Split('/', 2, StringSplitOptions.TrimEntries);
        if (!All.TryGetValue(parts[0], out var subcategories))
        {
            throw new FeedBuildException($"'{value}' is not an Apple Podcasts category (choose from: {string.Join(", ", All.Keys)})");
        }

        if (parts.Length == 1)
        {
            return (parts[0], null);
        }

        return subcategories.Contains(parts[1], StringComparer.Ordinal)
            ? (parts[0], parts[1])
            : throw new FeedBuildException(subcategories.Length == 0
                ? $"'{value}': Apple's category '{parts[0]}' has no subcategories"
                : $"'{value}': '{parts[1]}' is not a subcategory of '{parts[0]}' (choose from: {string.Join(", ", subcategories)})");
    }
}

/// <summary>The build cannot produce a valid feed: one line naming what is wrong and where.</summary>
public sealed class FeedBuildException(string message) : Exception(message);
