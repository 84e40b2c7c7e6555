namespace DigitaleFremskritt.Site;

/// <summary>Where each page lives in the public tree (a folder with index.html, so URLs end in '/').</summary>
public static class PageNames
{
    public const string Front = "index.html";
    public const string Shows = "shows/index.html";
    public const string Themes = "themes/index.html";
    public const string Gatherings = "gatherings/index.html";
    public const string Subscribe = "subscribe/index.html";
    public const string Search = "search/index.html";

    public static string Episode(string slug) => $"episodes/{slug}/index.html";

    public static string Theme(string slug) => $"themes/{slug}/index.html";

    public static string Gathering(string slug) => $"gatherings/{slug}/index.html";

    public static string Show(string id) => $"shows/{id}/index.html";
}
