namespace DigitaleFremskritt.Build.Tests;

/// <summary>The shared content built twice (the second time 40 days later, after every file's time was set back).</summary>
[Collection(BuiltFeedsFixture.Collection)]
public sealed class DeterminismTests(BuiltFeedsFixture fixture)
{
    [Fact]
    public void Two_builds_give_byte_identical_files()
    {
        Assert.Equal(fixture.FirstFiles.Keys, fixture.SecondFiles.Keys);
        foreach (var (name, bytes) in fixture.FirstFiles)
        {
            Assert.True(bytes.AsSpan().SequenceEqual(fixture.SecondFiles[name]), $"{name} differs between builds");
        }

        Assert.Empty(fixture.Second.Removed);
    }

    [Fact]
    public void A_rebuild_rewrites_no_unchanged_file()
    {
        Assert.NotEmpty(fixture.TimesAfterSecond);
        Assert.All(fixture.TimesAfterSecond, entry => Assert.True(entry.Value == BuiltFeedsFixture.OldTime.UtcDateTime, $"{entry.Key} was rewritten ({entry.Value:O})"));
    }

    [Fact]
    public void The_output_holds_exactly_the_public_tree()
    {
        var expected = new SortedSet<string>(StringComparer.Ordinal) { BuildOutput.MarkerFileName };
        expected.UnionWith(BuiltFeedsFixture.FeedNames);
        foreach (var episode in fixture.Episodes.Values)
        {
            foreach (var extension in new[] { ".vtt", ".srt", ".json", ".txt" })
            {
                expected.Add($"episodes/{episode.Slug}/transcript{extension}");
            }

            if (episode.Chapters.Count > 0)
            {
                expected.Add($"episodes/{episode.Slug}/chapters.json");
            }
        }

        var names = fixture.SecondFiles.Keys.Where(n => !n.StartsWith("artwork/", StringComparison.Ordinal)).ToList();
        Assert.Equal(expected, names);
        Assert.Equal(2, fixture.SecondFiles.Keys.Count(n => n.StartsWith("artwork/", StringComparison.Ordinal)));
        Assert.DoesNotContain(fixture.SecondFiles.Keys, n => n.StartsWith("media/", StringComparison.Ordinal));

        // Media stay in the store: the result names every enclosure (and the video show's posters) for upload.
        foreach (var episode in fixture.Episodes.Values)
        {
            Assert.Contains(fixture.Second.Media, m => m.Name == episode.Media.Audio!.Path && m.Bytes == new FileInfo(m.LocalPath).Length);
            if (episode.Media.Video is { } video)
            {
                Assert.Contains(fixture.Second.Media, m => m.Name == video.Path);
            }
        }
    }
}
