using DigitaleFremskritt.Content;
using DigitaleFremskritt.Domain;

namespace DigitaleFremskritt.TestSupport;

/// <summary>
/// A content root with ready-made episodes (episode.yaml, media in the content-addressed store, transcripts), for
/// tests of the stages after ingest. Media bytes are deterministic noise of the given size: the build and publish
/// stages never decode them. Cover art is a real 1400×1400 JPEG made by ffmpeg.
/// </summary>
public sealed class TestContent : IDisposable
{
    private static readonly Lock CoverGate = new();
    private static string? sharedCover;
    private readonly TempFolder temp = new();

    public TestContent()
    {
        Root = new ContentRoot(temp.Folder("content"));
        Directory.CreateDirectory(Root.Ingest);
        Episodes = new EpisodeStore(Root);
        Store = new MediaStore(Root);
        var cover = CoverArt();
        Options = new FremskrittOptions
        {
            Shows = new Dictionary<string, ShowOptions>(StringComparer.OrdinalIgnoreCase)
            {
                ["podcast"] = Show("Digitale Fremskritt", ShowKind.Audio, cover),
                ["seminar"] = Show("Digitale Fremskritt – seminaret", ShowKind.Video, cover),
            },
        };
        Options.Build.BaseUrl = "https://podkast.example.no/";
    }

    public ContentRoot Root { get; }

    public EpisodeStore Episodes { get; }

    public MediaStore Store { get; }

    public FremskrittOptions Options { get; }

    public string Path => temp.Path;

    public string Folder(string name) => temp.Folder(name);

    /// <summary>A 1400×1400 RGB JPEG, made once per test run.</summary>
    public static string CoverArt()
    {
        lock (CoverGate)
        {
            if (sharedCover is null || !File.Exists(sharedCover))
            {
                var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"fremskritt-test-cover-{Environment.ProcessId}.jpg");
                TestMedia.Run("ffmpeg", "-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i", "testsrc2=size=1400x1400", "-frames:v", "1", path);
                sharedCover = path;
            }

            return sharedCover;
        }
    }

    public static ShowOptions Show(string title, ShowKind kind, string cover) => new()
    {
        Title = title,
        Kind = kind,
        Author = "Kompetanseløft Trøndelag",
        Description = $"{title}: om digital transformasjon i kommunene.",
        Categories = ["Government", "Education/Courses"],
        OwnerName = "Kompetanseløft Trøndelag",
        OwnerEmail = "podkast@example.no",
        Copyright = "© Kompetanseløft Trøndelag",
        Hosts = ["Kari Nordmann"],
        CoverArt = cover,
    };

    /// <summary>Adds an episode with an MP3 (and for video shows an MP4 and poster), a waveform, an archived original and transcripts.</summary>
    public async Task<Episode> AddEpisodeAsync(
        string slug,
        string show = "podcast",
        DateOnly? date = null,
        string? title = null,
        int audioBytes = 40_000,
        bool transcript = true,
        Action<Episode>? configure = null)
    {
        var seed = BitConverter.ToInt32(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(slug)));
        var video = Options.GetShow(show).Kind == ShowKind.Video;
        var episode = new Episode
        {
            Id = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(slug)))[..16],
            Slug = slug,
            Show = show,
            Title = title ?? $"Episode {slug}",
            Date = date ?? new DateOnly(2026, 1, 15),
            Description = "Om **gevinstrealisering** i kommunene.",
            Speakers = ["Kari Nordmann", "Ola Hansen"],
            Themes = ["gevinstrealisering"],
            Season = 1,
            EpisodeNumber = 1,
            Chapters = [new Chapter { Start = "0", Title = "Innledning" }, new Chapter { Start = "00:10", Title = "Gevinster" }],
            Source = new EpisodeSource { FileName = slug + ".wav", IngestedAt = new DateTimeOffset(2026, 1, 15, 8, 0, 0, TimeSpan.Zero) },
            State = transcript ? EpisodeState.Transcribed : EpisodeState.TranscriptPending,
        };
        episode.Media.Audio = await AddMediaAsync(".mp3", audioBytes, seed, "audio/mpeg", 754.4);
        episode.Media.Waveform = await AddMediaAsync(".json", 3_000, seed + 1, "application/json", null);
        if (video)
        {
            episode.Media.Video = await AddMediaAsync(".mp4", audioBytes * 3, seed + 2, "video/mp4", 754.4);
            episode.Media.Poster = await AddMediaAsync(".jpg", 5_000, seed + 3, "image/jpeg", null);
        }

        var original = System.IO.Path.Combine(temp.Path, slug + ".wav");
        await File.WriteAllBytesAsync(original, Noise(audioBytes * 2, seed + 4));
        var archived = await Store.ArchiveOriginalAsync(original);
        episode.Source.Sha256 = archived.Sha256;
        episode.Source.Bytes = archived.Bytes;
        episode.Source.Archive = archived.Path;

        var folder = Directory.CreateDirectory(Root.EpisodeFolder(slug)).FullName;
        if (transcript)
        {
            await File.WriteAllTextAsync(System.IO.Path.Combine(folder, "transcript.vtt"), "WEBVTT\n\n00:00:00.000 --> 00:00:04.000\n<v Kari Nordmann>Velkommen til Digitale Fremskritt.\n");
            await File.WriteAllTextAsync(System.IO.Path.Combine(folder, "transcript.srt"), "1\n00:00:00,000 --> 00:00:04,000\nVelkommen til Digitale Fremskritt.\n");
            await File.WriteAllTextAsync(System.IO.Path.Combine(folder, "transcript.json"), "{\"version\":\"1.0.0\",\"segments\":[{\"startTime\":0,\"endTime\":4,\"body\":\"Velkommen til Digitale Fremskritt.\"}]}");
            await File.WriteAllTextAsync(System.IO.Path.Combine(folder, "transcript.txt"), "Velkommen til Digitale Fremskritt.\n");
            episode.Transcript = new TranscriptInfo { Source = TranscriptSource.Human, Language = "no", CreatedAt = episode.Source.IngestedAt, Segments = 1 };
        }

        configure?.Invoke(episode);
        await Episodes.SaveAsync(episode);
        return episode;
    }

    public async Task<MediaFile> AddMediaAsync(string extension, int bytes, int seed, string contentType, double? duration)
    {
        var work = Store.NewWorkPath(extension);
        await File.WriteAllBytesAsync(work, Noise(bytes, seed));
        var stored = await Store.AddAsync(work);
        return new MediaFile { Path = stored.Path, Sha256 = stored.Sha256, Bytes = stored.Bytes, ContentType = contentType, DurationSeconds = duration };
    }

    /// <summary>Stores a real media file (e.g. an MP3 made by ffmpeg, for a browser to play) in the content-addressed store.</summary>
    public async Task<MediaFile> AddFileAsync(string source, string contentType, double? duration)
    {
        var work = Store.NewWorkPath(System.IO.Path.GetExtension(source));
        File.Copy(source, work);
        var stored = await Store.AddAsync(work);
        return new MediaFile { Path = stored.Path, Sha256 = stored.Sha256, Bytes = stored.Bytes, ContentType = contentType, DurationSeconds = duration };
    }

    public static byte[] Noise(int bytes, int seed)
    {
        var data = new byte[bytes];
        new Random(seed).NextBytes(data);
        return data;
    }

    public void Dispose() => temp.Dispose();
}
