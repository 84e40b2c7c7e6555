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

    public Dictionary<string, ShowOptions> Shows { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    public ShowOptions GetShow(string id) =>
        Shows.TryGetValue(id, out var show)
            ? show
            : throw new KeyNotFoundException($"unknown show '{id}' (configured shows: {string.Join(", ", Shows.Keys)})");
}

public sealed class IngestOptions
{
    /// <summary>A file is picked up only after its size and modification time stayed unchanged this long.</summary>
    public double SettleSeconds { get; set; } = 3;

    /// <summary>How long one ingest run waits for files that are still being copied before leaving them for the next run.</summary>
    public double MaxSettleWaitSeconds { get; set; } = 60;

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
