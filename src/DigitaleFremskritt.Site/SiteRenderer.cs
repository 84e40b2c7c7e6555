using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DigitaleFremskritt.Site;

/// <summary>
/// Renders Razor components to static HTML outside ASP.NET. Each page gets its own HtmlRenderer, disposed after the
/// page: a renderer keeps every component it has rendered (and their render trees) until it is disposed, so one
/// renderer for a thousand hour-long transcript pages would hold them all and make every garbage collection slower.
/// The services (the HTML encoder) are shared; the class is safe to use from several threads.
/// </summary>
public sealed class SiteRenderer : IAsyncDisposable
{
    private readonly ServiceProvider services;
    private readonly ILoggerFactory loggerFactory;

    public SiteRenderer()
    {
        // Readable æøå in the HTML (the default encoder writes &#xF8;); markup characters are still escaped.
        services = new ServiceCollection()
            .AddLogging()
            .AddSingleton(System.Text.Encodings.Web.HtmlEncoder.Create(System.Text.Unicode.UnicodeRanges.All))
            .BuildServiceProvider();
        loggerFactory = services.GetRequiredService<ILoggerFactory>();
    }

    public async Task<string> RenderAsync<TComponent>(IDictionary<string, object?> parameters)
        where TComponent : IComponent
    {
        var writer = new StringWriter();
        await RenderToAsync<TComponent>(parameters, writer);
        return writer.ToString();
    }

    /// <summary>Renders into <paramref name="writer"/> (no intermediate string: an hour-long episode page is large).</summary>
    public async Task RenderToAsync<TComponent>(IDictionary<string, object?> parameters, TextWriter writer)
        where TComponent : IComponent
    {
        await using var renderer = new HtmlRenderer(services, loggerFactory);
        await renderer.Dispatcher.InvokeAsync(async () =>
        {
            var output = await renderer.RenderComponentAsync<TComponent>(ParameterView.FromDictionary(parameters));
            output.WriteHtmlTo(writer);
        });
    }

    public ValueTask DisposeAsync() => services.DisposeAsync();
}
