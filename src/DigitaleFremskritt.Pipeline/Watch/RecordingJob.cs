using System.Text.Json.Serialization;

namespace DigitaleFremskritt.Pipeline.Watch;

/// <summary>Where a dropped recording is on its way to the public feed.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<JobStage>))]
public enum JobStage
{
    /// <summary>Seen in the ingest folder; waiting to be ingested (or for its copy to finish, or for its next attempt).</summary>
    Queued,

    /// <summary>Archived, normalised and made an episode (transcribed, or waiting for a transcript).</summary>
    Ingested,

    /// <summary>In the published feeds and site.</summary>
    Published,

    /// <summary>Rejected (not a usable recording, a bad sidecar): moved to ingest/failed/ with the reason. Not retried by itself.</summary>
    Rejected,

    /// <summary>A stage failed more often than Watch:MaxAttempts allows; parked with its last error until `fremskritt retry`.</summary>
    Parked,
}

/// <summary>
/// One recording's persisted progress: a small state machine (stage, attempts, last error, when to try again) kept in
/// &lt;content&gt;/state/jobs/&lt;key&gt;.json and replaced atomically on every change, so a restart after a crash
/// finds every recording where it was.
/// </summary>
public sealed record RecordingJob
{
    /// <summary>Stable key of the recording: derived from its file name in the ingest folder.</summary>
    public required string Key { get; init; }

    /// <summary>The recording's file name as dropped.</summary>
    public required string File { get; init; }

    public JobStage Stage { get; init; } = JobStage.Queued;

    /// <summary>Failed attempts of the current stage.</summary>
    public int Attempts { get; init; }

    public string? LastError { get; init; }

    /// <summary>Not before this time (backoff after a failure).</summary>
    public DateTimeOffset? NextAttemptAt { get; init; }

    /// <summary>SHA-256 of the archived original, once archived (queue mode archives before it enqueues).</summary>
    public string? Sha256 { get; init; }

    /// <summary>Queue mode: the job is on the queue; a worker takes it from there.</summary>
    public bool Enqueued { get; init; }

    /// <summary>The episode made of it, once ingested.</summary>
    public string? Episode { get; init; }

    public DateTimeOffset FirstSeenAt { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>When it reached the public feed (drop-to-published time = this − <see cref="FirstSeenAt"/>).</summary>
    public DateTimeOffset? PublishedAt { get; init; }

    [JsonIgnore]
    public bool IsFinished => Stage is JobStage.Published or JobStage.Rejected;
}
