// What a browser downloads for one search, for scripts/bench/site.sh:
//
//   site-search BASE_URL QUERY [SECOND_QUERY]
//
// Launches Debian's headless Chromium (/usr/lib/chromium/chromium, Microsoft.Playwright with ExecutablePath; no
// `playwright install`) with a fresh browser context (empty cache), opens BASE_URL + "search/?q=QUERY" (the site's
// search page runs the query from the address), waits until the results are shown ("N treff på «QUERY»" or
// "Ingen treff …"; the page loads the data of the first 5 results before it shows them) and then until no request
// has been in flight for 500 ms. Every request of the context is recorded (BrowserContext.Request: the page's and
// its web worker's), with the response body bytes as transferred (the Content-Length header, exact because
// `fremskritt serve` neither compresses nor chunks; else IRequest.SizesAsync's ResponseBodySize, which Chromium
// reports as 0 for a worker's script) and the response header bytes (SizesAsync). Chromium's favicon request is
// not reported by Playwright (and would be the page's anyway).
// Requests under /pagefind/ are the search's (pagefind.js, its worker, the WebAssembly, the entry, the metadata,
// index chunks, fragments, filters); everything else (the page's own HTML, CSS, JS, favicon) is the page's and is
// reported apart, not counted. With SECOND_QUERY the same page then searches again through its form (warm: the
// WebAssembly and metadata are loaded), and what that adds is reported the same way.
// Prints lines of space-separated fields (the last field of a "request" line is the path):
//   request PHASE CATEGORY STATUS BODY_BYTES HEADER_BYTES PATH      (PHASE: page, search, second)
//   category PHASE CATEGORY REQUESTS BODY_BYTES
//   total PHASE REQUESTS BODY_BYTES HEADER_BYTES
//   results PHASE SHOWN_RESULTS MATCHING_PAGES MILLISECONDS FIRST_HREF
// Exit status 1 when the search page shows no results list or reports that search is unavailable.
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Playwright;

if (args.Length is < 2 or > 3)
{
    Console.Error.WriteLine("usage: site-search BASE_URL QUERY [SECOND_QUERY]");
    return 2;
}

var baseUrl = new Uri(args[0].EndsWith('/') ? args[0] : args[0] + "/");
var query = args[1];
var second = args.Length == 3 ? args[2] : null;

using var playwright = await Playwright.CreateAsync();
await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
{
    ExecutablePath = "/usr/lib/chromium/chromium",
    Headless = true,
    Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
});
await using var context = await browser.NewContextAsync();

var phase = "search";
var requests = new ConcurrentQueue<(string Phase, IRequest Request)>();
var inFlight = 0;
var lastActivity = Stopwatch.StartNew();
context.Request += (_, request) =>
{
    requests.Enqueue((Volatile.Read(ref phase), request));
    Interlocked.Increment(ref inFlight);
    lastActivity.Restart();
};
context.RequestFinished += (_, _) => { Interlocked.Decrement(ref inFlight); lastActivity.Restart(); };
context.RequestFailed += (_, request) =>
{
    Interlocked.Decrement(ref inFlight);
    lastActivity.Restart();
    Console.Error.WriteLine($"request failed: {request.Url} ({request.Failure})");
};

var page = await context.NewPageAsync();
page.Console += (_, message) =>
{
    if (message.Type is "error" or "warning")
    {
        Console.Error.WriteLine($"browser console {message.Type}: {message.Text}");
    }
};

const string Shown = """
    q => {
      const p = document.querySelector('#treff > p');
      if (!p) return false;
      if (p.textContent.includes('ikke tilgjengelig')) return true;
      return p.textContent.includes('«' + q + '»');
    }
    """;

var timer = Stopwatch.StartNew();
await page.GotoAsync(new Uri(baseUrl, "search/?q=" + Uri.EscapeDataString(query)).AbsoluteUri);
await page.WaitForFunctionAsync(Shown, query, new PageWaitForFunctionOptions { Timeout = 120_000 });
var elapsed = timer.Elapsed;
await QuietAsync();
var ok = await ReportAsync("search", query, elapsed);

if (second is not null)
{
    Volatile.Write(ref phase, "second");
    timer.Restart();
    await page.FillAsync("#sok", second);
    await page.ClickAsync("form.search button[type=submit]");
    await page.WaitForFunctionAsync(Shown, second, new PageWaitForFunctionOptions { Timeout = 120_000 });
    elapsed = timer.Elapsed;
    await QuietAsync();
    ok &= await ReportAsync("second", second, elapsed);
}

return ok ? 0 : 1;

// No request in flight for 500 ms (at most 30 s).
async Task QuietAsync()
{
    var deadline = Stopwatch.StartNew();
    while (deadline.Elapsed < TimeSpan.FromSeconds(30) && (Volatile.Read(ref inFlight) > 0 || lastActivity.Elapsed < TimeSpan.FromMilliseconds(500)))
    {
        await Task.Delay(50);
    }
}

async Task<bool> ReportAsync(string name, string q, TimeSpan took)
{
    var totals = new SortedDictionary<(string Phase, string Category), (int Count, long Body)>();
    var phaseTotals = new SortedDictionary<string, (int Count, long Body, long Headers)>(StringComparer.Ordinal);
    while (requests.TryDequeue(out var entry))
    {
        var request = entry.Request;
        var path = new Uri(request.Url).AbsolutePath;
        var search = path.StartsWith("/pagefind/", StringComparison.Ordinal);
        var recordPhase = search ? entry.Phase : "page";
        var category = search ? Category(path) : "page";
        var response = await request.ResponseAsync();
        long body = 0, headers = 0;
        if (response is not null)
        {
            // Chromium reports 0 body bytes for a worker's own script: Content-Length (exact, as `fremskritt serve`
            // neither compresses nor chunks files) wins when it is there.
            var sizes = await request.SizesAsync();
            body = long.TryParse(await response.HeaderValueAsync("content-length"), NumberStyles.None, CultureInfo.InvariantCulture, out var length)
                ? length
                : sizes.ResponseBodySize;
            headers = sizes.ResponseHeadersSize;
        }

        Console.WriteLine(Invariant($"request {recordPhase} {category} {response?.Status ?? 0} {body} {headers} {path}"));
        totals[(recordPhase, category)] = totals.TryGetValue((recordPhase, category), out var t) ? (t.Count + 1, t.Body + body) : (1, body);
        phaseTotals[recordPhase] = phaseTotals.TryGetValue(recordPhase, out var p) ? (p.Count + 1, p.Body + body, p.Headers + headers) : (1, body, headers);
    }

    foreach (var ((recordPhase, category), (count, body)) in totals)
    {
        Console.WriteLine(Invariant($"category {recordPhase} {category} {count} {body}"));
    }

    foreach (var (recordPhase, (count, body, headers)) in phaseTotals)
    {
        Console.WriteLine(Invariant($"total {recordPhase} {count} {body} {headers}"));
    }

    if (!phaseTotals.ContainsKey(name))
    {
        Console.WriteLine(Invariant($"total {name} 0 0 0"));
    }

    var message = await page.InnerTextAsync("#treff > p");
    var shown = await page.Locator("#treff ol li").CountAsync();
    var first = shown > 0 ? await page.Locator("#treff ol li h2 a").First.GetAttributeAsync("href") ?? "-" : "-";

    // Outside the measurement (everything above is already recorded): how many pages match in all, through the
    // module the page has loaded (the same URL, so the same instance; its index chunks are loaded already).
    var matching = await page.EvaluateAsync<int>(
        "async q => (await (await import(new URL('../pagefind/pagefind.js', location.href).href)).search(q)).results.length", q);
    while (requests.TryDequeue(out _))
    {
    }

    Console.WriteLine(Invariant($"results {name} {shown} {matching} {(long)took.TotalMilliseconds} {first}"));
    if (message.Contains("ikke tilgjengelig", StringComparison.Ordinal))
    {
        Console.Error.WriteLine($"the search page says: {message}");
        return false;
    }

    return true;
}

static string Category(string path)
{
    var file = path[(path.LastIndexOf('/') + 1)..];
    return file switch
    {
        "pagefind.js" => "pagefind.js",
        "pagefind-worker.js" => "worker",
        "pagefind-entry.json" => "entry",
        _ when file.StartsWith("wasm.", StringComparison.Ordinal) || file.EndsWith(".wasm", StringComparison.Ordinal) => "wasm",
        _ when file.EndsWith(".pf_meta", StringComparison.Ordinal) => "meta",
        _ when file.EndsWith(".pf_index", StringComparison.Ordinal) => "index-chunks",
        _ when file.EndsWith(".pf_fragment", StringComparison.Ordinal) => "fragments",
        _ when file.EndsWith(".pf_filter", StringComparison.Ordinal) => "filters",
        _ => "other",
    };
}

static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
