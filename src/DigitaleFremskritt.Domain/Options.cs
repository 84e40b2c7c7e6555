namespace DigitaleFremskritt.Domain;

/// <summary>Root of the configuration (section "Fremskritt" in appsettings.json).</summary>
public sealed class FremskrittOptions
{
    public const string SectionName = "Fremskritt";

    /// <summary>The content root: ingest folder, episode folders and the media store. Default: the repo's episodes/.</summary>
    public string? ContentRoot { get; set; }

    /// <summary>The show an audio recording goes to when its sidecar names none.</summary>
    public string DefaultAudioShow { get; set; } = "podcast";

    /// <summary>The show a video recording goes to when its sidecar names none.</summary>
    public string DefaultVideoShow { get; set; } = "seminar";

    public IngestOptions Ingest { get; set; } = new();

    public ToolOptions Tools { get; set; } = new();

    public TranscriptionOptions Transcription { get; set; } = new();

    public BuildOptions Build { get; set; } = new();

    public PublishOptions Publish { get; set; } = new();

    public WatchOptions Watch { get; set; } = new();

    public QueueOptions Queue { get; set; } = new();

    public Dictionary<string, ShowOptions> Shows { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    public ShowOptions GetShow(string id) =>
        Shows.TryGetValue(id, out var show)
            ? show
            : throw new KeyNotFoundException($"unknown show '{id}' (configured shows: {string.Join(", ", Shows.Keys)})");
}

/// <summary>Scale-out: `fremskritt watch --queue` enqueues, any number of `fremskritt worker` processes take the jobs.</summary>
public sealed class QueueOptions
{
    /// <summary>Azure Storage connection string for the queue and the lease blobs (default: Publish:Azure:ConnectionString).</summary>
    public string? ConnectionString { get; set; }

    public string Name { get; set; } = "fremskritt-jobs";

    /// <summary>Messages that failed Queue:MaxDequeueCount times go here (and their recording is parked).</summary>
    public string PoisonName { get; set; } = "fremskritt-jobs-poison";

    /// <summary>Blob container holding one lease blob per recording (and one for publishing).</summary>
    public string LeaseContainer { get; set; } = "fremskritt-leases";

    /// <summary>A taken job is invisible to other workers this long; a working worker extends it, a dead one lets it reappear.</summary>
    public double VisibilityTimeoutSeconds { get; set; } = 300;

    /// <summary>Blob lease length (15-60 s); renewed while the worker holds it.</summary>
    public int LeaseSeconds { get; set; } = 30;

    public int MaxDequeueCount { get; set; } = 5;

    /// <summary>How often an idle worker asks the queue for work.</summary>
    public double PollSeconds { get; set; } = 2;
}

/// <summary>`fremskritt watch`: the always-on service.</summary>
public sealed class WatchOptions
{
    /// <summary>Seconds between full rescans of the ingest folder (the file watcher misses events; the rescan does not).</summary>
    public double RescanSeconds { get; set; } = 30;

    /// <summary>Failed attempts of one stage before the recording is parked until `fremskritt retry`.</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>Wait after the first failure; doubled after each further one, up to <see cref="MaxBackoffSeconds"/>.</summary>
    public double BackoffSeconds { get; set; } = 10;

    public double MaxBackoffSeconds { get; set; } = 900;

    /// <summary>
    /// While a batch is still being ingested, publish at least this often (seconds since the oldest unpublished episode
    /// was made), so the first recordings of a long batch do not wait for the last. A drained ingest folder publishes at once.
    /// </summary>
    public double PublishEverySeconds { get; set; } = 120;

    /// <summary>After a change in the ingest folder, wait this long for more files before starting (a producer dropping a batch).</summary>
    public double DebounceSeconds { get; set; } = 1;
}

public sealed class IngestOptions
{
    /// <summary>A file is picked up only after its size and modification time stayed unchanged this long.</summary>
    public double SettleSeconds { get; set; } = 3;

    /// <summary>How long one ingest run waits for files that are still being copied before leaving them for the next run.</summary>
    public double MaxSettleWaitSeconds { get; set; } = 60;

    /// <summary>Recordings normalised at the same time (each ffmpeg run already uses several cores; raise it on big machines).</summary>
    public int Concurrency { get; set; } = 1;

    public double MinDurationSeconds { get; set; } = 3;

    public double MaxDurationMinutes { get; set; } = 240;
}

public sealed class ToolOptions
{
    /// <summary>Folder holding ffmpeg and ffprobe; empty means PATH.</summary>
    public string? FFmpegFolder { get; set; }

    /// <summary>Upper bound for one ffmpeg call, as a multiple of the media duration plus a minute.</summary>
    public double TimeoutPerMediaMinute { get; set; } = 2;
}

public enum ShowKind
{
    Audio,
    Video,
}

public sealed class ShowOptions
{
    public string Title { get; set; } = "";

    public ShowKind Kind { get; set; } = ShowKind.Audio;

    public string Author { get; set; } = "";

    /// <summary>The feed's description (Apple: at most 4000 bytes; longer text is cut with an ellipsis).</summary>
    public string Description { get; set; } = "";

    /// <summary>Apple Podcasts categories, "Category" or "Category/Subcategory", e.g. "Government" or "Education/Courses".</summary>
    public List<string> Categories { get; set; } = [];

    public bool Explicit { get; set; }

    /// <summary>itunes:owner: who Apple contacts about the feed. The email also goes in podcast:locked.</summary>
    public string OwnerName { get; set; } = "";

    public string OwnerEmail { get; set; } = "";

    public string? Copyright { get; set; }

    /// <summary>podcast:locked: tells podcast platforms not to import the feed without the owner's consent.</summary>
    public bool Locked { get; set; } = true;

    /// <summary>
    /// podcast:guid of the show's feed. Empty: the UUIDv5 of the feed URL, as the namespace defines it. Once a feed is
    /// public, pin its value here, so it stays the same if the feed ever moves to another URL.
    /// </summary>
    public string? PodcastGuid { get; set; }

    /// <summary>podcast:guid of a video show's audio-only feed; empty: derived from that feed's URL.</summary>
    public string? AudioPodcastGuid { get; set; }

    /// <summary>Speakers with these names are tagged podcast:person role="host"; others role="guest".</summary>
    public List<string> Hosts { get; set; } = [];

    /// <summary>Spoken language for speech recognition: "no", "nn", "en" … or "auto" to detect.</summary>
    public string Language { get; set; } = "no";

    /// <summary>Names and terms passed to Whisper as its initial prompt, so they are spelled right.</summary>
    public List<string> Glossary { get; set; } = [];

    /// <summary>Square cover art (JPEG/PNG), relative to the repository or absolute. Embedded in the MP3's ID3 tag.</summary>
    public string? CoverArt { get; set; }

    public LoudnessOptions Loudness { get; set; } = new();

    public AudioEncodingOptions Audio { get; set; } = new();

    public VideoEncodingOptions Video { get; set; } = new();
}

public enum LoudnessMode
{
    /// <summary>One linear gain for the whole recording; a true-peak limiter only where the gain would clip.</summary>
    Linear,

    /// <summary>ffmpeg loudnorm in dynamic mode: compresses wide-range recordings. Recorded as such in the QC report.</summary>
    Dynamic,
}

public sealed class LoudnessOptions
{
    public double StereoTargetLufs { get; set; } = -16;

    public double MonoTargetLufs { get; set; } = -19;

    public double TruePeakCeilingDbtp { get; set; } = -1;

    /// <summary>How far the encoded output may be from target before QC fails.</summary>
    public double ToleranceLu { get; set; } = 0.5;

    /// <summary>Above this loudness range (LU) the QC report warns that the recording is very dynamic.</summary>
    public double MaxLoudnessRangeLu { get; set; } = 15;

    public LoudnessMode Mode { get; set; } = LoudnessMode.Linear;

    /// <summary>A recording needing more gain than this is rejected rather than amplified into noise.</summary>
    public double MaxGainDb { get; set; } = 30;

    /// <summary>Integrated loudness at or below which a recording counts as silent.</summary>
    public double SilenceThresholdLufs { get; set; } = -60;

    public double TargetFor(int channels) => channels == 1 ? MonoTargetLufs : StereoTargetLufs;
}

public sealed class AudioEncodingOptions
{
    public int SampleRate { get; set; } = 44100;

    public int StereoBitrateKbps { get; set; } = 128;

    public int MonoBitrateKbps { get; set; } = 96;

    public int TranscriptionSampleRate { get; set; } = 16000;

    public int WaveformBuckets { get; set; } = 1500;
}

public sealed class VideoEncodingOptions
{
    public int MaxHeight { get; set; } = 1080;

    public int Crf { get; set; } = 23;

    public string Preset { get; set; } = "veryfast";

    public int AudioBitrateKbps { get; set; } = 160;
}

public sealed class TranscriptionOptions
{
    /// <summary>Run speech recognition as part of ingest when a model is available.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>CPU threads for Whisper; 0 means all cores.</summary>
    public int Threads { get; set; }

    /// <summary>
    /// Whisper's temperature fallback step: 0.2 is whisper.cpp's default and helps on hard audio; 0 disables the
    /// fallback (faster, and what tests use with a random model).
    /// </summary>
    public float TemperatureIncrement { get; set; } = 0.2f;

    /// <summary>Pass each show's glossary to Whisper as its initial prompt (off: no prompt, e.g. to compare with plain Whisper).</summary>
    public bool UseGlossary { get; set; } = true;

    /// <summary>Frames quieter than this (dBFS RMS, on the loudness-normalised 16 kHz WAV) count as silence.</summary>
    public double SilenceThresholdDbfs { get; set; } = -45;
}

/// <summary>The build stage: feeds, transcripts, chapters (and later the website) in one output folder.</summary>
public sealed class BuildOptions
{
    /// <summary>Output folder; relative paths are against the content root. Default: &lt;content root&gt;/out.</summary>
    public string? OutputFolder { get; set; }

    /// <summary>
    /// The public URL where the published output is served (the public container, a CDN or `fremskritt serve`).
    /// Feeds and pages link to it. Default: the configured Azure container's URL, else http://localhost:8080/.
    /// </summary>
    public string? BaseUrl { get; set; }

    /// <summary>
    /// Publish episodes whose transcript is still pending. Off by default: Norwegian accessibility rules (WCAG 2.1
    /// 1.2.1/1.2.2) require a transcript or captions for prerecorded public-sector audio and video.
    /// </summary>
    public bool PublishWithoutTranscript { get; set; }

    /// <summary>The website's own content (themes/, gatherings/): relative to the folder above the content root, then the app folder.</summary>
    public string SiteFolder { get; set; } = "site";

    /// <summary>Index the site for search with Pagefind (needs node_modules/.bin/pagefind: scripts/setup.sh).</summary>
    public bool Search { get; set; } = true;

    /// <summary>The pagefind executable; empty: node_modules/.bin/pagefind above the app or the content root.</summary>
    public string? PagefindPath { get; set; }

    /// <summary>Local time of day an episode's pubDate carries (episode.yaml has a date only).</summary>
    public TimeOnly PublishTime { get; set; } = new(6, 0);

    /// <summary>Time zone for pubDate.</summary>
    public string TimeZone { get; set; } = "Europe/Oslo";
}

public enum PublishTargetKind
{
    /// <summary>A folder on this machine (or a mounted share): the embedded default.</summary>
    Local,

    /// <summary>Azure Blob Storage.</summary>
    Azure,
}

public sealed class PublishOptions
{
    public PublishTargetKind Target { get; set; } = PublishTargetKind.Local;

    /// <summary>Container that listeners read: media, artwork, transcripts, chapters, feeds, the site.</summary>
    public string PublicContainer { get; set; } = "public";

    /// <summary>Container for original recordings: never publicly readable.</summary>
    public string PrivateContainer { get; set; } = "originals";

    /// <summary>Upload original recordings to the private container too (an off-site copy).</summary>
    public bool IncludeOriginals { get; set; } = true;

    /// <summary>Files uploaded at the same time.</summary>
    public int FileConcurrency { get; set; } = 4;

    /// <summary>Blocks of one large file uploaded at the same time.</summary>
    public int BlockConcurrency { get; set; } = 4;

    /// <summary>Block size for large files; files up to this size go in one request.</summary>
    public int BlockSizeMiB { get; set; } = 8;

    public LocalPublishOptions Local { get; set; } = new();

    public AzurePublishOptions Azure { get; set; } = new();
}

public sealed class LocalPublishOptions
{
    /// <summary>Folder that receives one subfolder per container; relative paths are against the content root. Default: &lt;content root&gt;/published.</summary>
    public string? Folder { get; set; }
}

public sealed class AzurePublishOptions
{
    /// <summary>A storage connection string (secret: set it through FREMSKRITT_Publish__Azure__ConnectionString, never in git).</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Account URL, e.g. https://konto.blob.core.windows.net, used with DefaultAzureCredential when no connection string is set.</summary>
    public string? AccountUrl { get; set; }

    /// <summary>Create the public container with anonymous blob read access. Off when a CDN or static website serves it instead.</summary>
    public bool AnonymousReadAccess { get; set; } = true;

    /// <summary>Retries of one request (exponential backoff) before a publish gives up.</summary>
    public int MaxRetries { get; set; } = 5;
}
