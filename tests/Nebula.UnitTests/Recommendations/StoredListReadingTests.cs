using System.Text;
using System.Text.Json;
using Nebula.Core.Contracts;

namespace Nebula.UnitTests.Recommendations;

public class StoredListReadingTests
{
    private static readonly RecommendationList Stored = new(
        "user-1",
        [.. Enumerable.Range(0, 50).Select(i => new ScoredItem($"B{i:00}", 1 - i / 100.0) { Reasons = [new(RecommendationReason.Similar, $"A{i}", 0.5), new(RecommendationReason.Popular, null, 0.1)] })],
        new DateTimeOffset(2026, 12, 2, 8, 0, 0, TimeSpan.Zero),
        Guid.CreateVersion7());

    private static ReadOnlySpan<byte> Utf8(string json) => Encoding.UTF8.GetBytes(json);

    [Fact]
    public void The_items_are_written_after_the_fields_that_say_which_list_it_is()
    {
        var json = Stored.ToJson();

        Assert.True(json.IndexOf("\"eventId\"", StringComparison.Ordinal) < json.IndexOf("\"items\"", StringComparison.Ordinal));
        Assert.True(json.IndexOf("\"updatedAt\"", StringComparison.Ordinal) < json.IndexOf("\"items\"", StringComparison.Ordinal));
    }

    [Fact]
    public void Reading_the_top_gives_the_first_items_kept_with_their_reasons_and_the_lists_fields()
    {
        var top = RecommendationList.ReadTop(Utf8(Stored.ToJson()), 10, id => id != "B01" && id != "B04");

        Assert.Equal(["B00", "B02", "B03", "B05", "B06", "B07", "B08", "B09", "B10", "B11"], top.Items.Select(item => item.ItemId));
        Assert.Equal(Stored.Items[2].Reasons, top.Items[1].Reasons);
        Assert.Equal(Stored.Items[2].Score, top.Items[1].Score);
        Assert.Equal((Stored.UserId, Stored.UpdatedAt, Stored.EventId), (top.UserId, top.UpdatedAt, top.EventId));
    }

    [Fact]
    public void Reading_the_top_stops_at_the_items_it_needs()
    {
        var json = Stored.ToJson();
        // Everything after the tenth item is cut off: a reader that went on would throw on the broken JSON.
        var tenthEnds = json.IndexOf("{\"itemId\":\"B10\"", StringComparison.Ordinal);

        var top = RecommendationList.ReadTop(Utf8(json[..tenthEnds]), 10, _ => true);

        Assert.Equal(10, top.Items.Count);
        Assert.ThrowsAny<JsonException>(() => RecommendationList.ReadTop(Utf8(json[..tenthEnds]), 11, _ => true));
    }

    [Fact]
    public void A_list_with_fewer_items_kept_than_asked_is_read_whole()
    {
        var top = RecommendationList.ReadTop(Utf8(Stored.ToJson()), 10, id => id.EndsWith('7'));

        Assert.Equal(["B07", "B17", "B27", "B37", "B47"], top.Items.Select(item => item.ItemId));
    }

    [Fact]
    public void A_list_stored_with_its_items_first_is_read_the_same()
    {
        var itemsFirst = $"{{\"userId\":\"user-1\",\"items\":{JsonSerializer.Serialize(Stored.Items, NebulaJsonContext.Default.IReadOnlyListScoredItem)},\"updatedAt\":\"2026-12-02T08:00:00+00:00\",\"eventId\":\"{Stored.EventId}\"}}";

        var top = RecommendationList.ReadTop(Utf8(itemsFirst), 3, _ => true);

        Assert.Equal(["B00", "B01", "B02"], top.Items.Select(item => item.ItemId));
        Assert.Equal((Stored.UpdatedAt, Stored.EventId), (top.UpdatedAt, top.EventId));
    }

    [Theory]
    [InlineData("[]", "expected StartObject")]
    [InlineData("{\"userId\":\"u\",\"updatedAt\":\"2026-01-01T00:00:00Z\",\"eventId\":\"0195f3c4-0000-7000-8000-000000000001\"}", "no items")]
    [InlineData("{\"userId\":\"u\",\"items\":[],\"eventId\":\"0195f3c4-0000-7000-8000-000000000001\"}", "no updatedAt")]
    [InlineData("{\"userId\":\"u\",\"updatedAt\":\"2026-01-01T00:00:00Z\",\"eventId\":\"0195f3c4-0000-7000-8000-000000000001\",\"items\":{}}", "expected StartArray")]
    public void A_list_that_is_not_as_written_is_refused_with_what_is_wrong(string json, string reason)
    {
        var error = Assert.Throws<JsonException>(() => RecommendationList.ReadTop(Utf8(json), 10, _ => true));

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }
}
