using Nebula.Core.Contracts;
using Nebula.Core.Recommendations;

namespace Nebula.UnitTests.Recommendations;

public class ContractsTests
{
    [Fact]
    public void An_event_round_trips_through_its_camel_case_json()
    {
        var interaction = new InteractionEvent(Guid.CreateVersion7(), "user-1", "B000123", "click", new DateTimeOffset(2026, 11, 26, 7, 0, 0, 123, TimeSpan.Zero).AddTicks(4567));

        var json = InteractionEventSerializer.Serialize(interaction);

        Assert.Contains("\"userId\":\"user-1\"", json, StringComparison.Ordinal);
        Assert.True(InteractionEventSerializer.TryParse(json, out var parsed, out _));
        Assert.Equal(interaction, parsed);
    }

    [Fact]
    public void A_stored_list_keeps_its_reasons_through_json()
    {
        var list = new RecommendationList("user-1", [new ScoredItem("B2", 0.7) { Reasons = [new(RecommendationReason.Next, "B1", 0.5), new(RecommendationReason.Popular, null, 0.2)] }], DateTimeOffset.UnixEpoch, Guid.CreateVersion7());

        var read = RecommendationList.FromJson(list.ToJson())!;

        Assert.Equal(list.Items[0].Reasons, read.Items[0].Reasons);
        Assert.Contains("\"reason\":\"next\",\"because\":\"B1\"", list.ToJson(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_stored_list_reads_back_through_the_serializer_with_every_field()
    {
        var list = new RecommendationList(
            "usér-1",
            [new ScoredItem("B2", 0.75) { Reasons = [new(RecommendationReason.Similar, "Bé1", 0.5), new(RecommendationReason.Popular, null, 0.25)] }, new ScoredItem("B\"3", 0.5)],
            new DateTimeOffset(2026, 12, 3, 17, 0, 0, 123, TimeSpan.FromHours(1)).AddTicks(4567),
            Guid.CreateVersion7());

        var read = RecommendationList.FromJson(list.ToUtf8Json())!;

        Assert.Equal((list.UserId, list.UpdatedAt, list.EventId), (read.UserId, read.UpdatedAt, read.EventId));
        Assert.Equal(list.Items.Select(item => (item.ItemId, item.Score)), read.Items.Select(item => (item.ItemId, item.Score)));
        Assert.Equal(list.Items[0].Reasons, read.Items[0].Reasons);
        Assert.Null(read.Items[1].Reasons);
    }

    [Fact]
    public void A_stored_list_leaves_out_a_reason_with_no_because()
    {
        var list = new RecommendationList("user-1", [new ScoredItem("B2", 0.5) { Reasons = [new(RecommendationReason.Popular, null, 0.25)] }], DateTimeOffset.UnixEpoch, Guid.CreateVersion7());

        Assert.Contains("\"reasons\":[{\"reason\":\"popular\",\"score\":0.25}]", list.ToJson(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0.27712704217098394)]
    [InlineData(1.6470588235294117)]
    [InlineData(-0.031415926535897934)]
    [InlineData(1e-12)]
    public void A_stored_score_has_a_floats_precision(double score)
    {
        var list = new RecommendationList("user-1", [new ScoredItem("B2", score) { Reasons = [new(RecommendationReason.Next, "B1", score)] }], DateTimeOffset.UnixEpoch, Guid.CreateVersion7());

        var read = RecommendationList.FromJson(list.ToUtf8Json())!;

        Assert.Equal((float)score, (float)read.Items[0].Score);
        Assert.Equal((float)score, (float)read.Items[0].Reasons![0].Score);
        var digits = ((float)score).ToString("R", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains($"\"score\":{digits},\"reasons\"", list.ToJson(), StringComparison.Ordinal);
        Assert.Contains($"\"score\":{digits}}}", list.ToJson(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_stored_score_beyond_a_floats_range_is_written_as_a_double()
    {
        var list = new RecommendationList("user-1", [new ScoredItem("B2", 1e300)], DateTimeOffset.UnixEpoch, Guid.CreateVersion7());

        Assert.Equal(1e300, RecommendationList.FromJson(list.ToUtf8Json())!.Items[0].Score);
    }

    [Fact]
    public void A_list_stored_before_reasons_existed_reads_without_them()
    {
        var read = RecommendationList.FromJson("{\"userId\":\"u\",\"items\":[{\"itemId\":\"B2\",\"score\":0.5}],\"updatedAt\":\"2026-01-01T00:00:00Z\",\"eventId\":\"0195f3c4-0000-7000-8000-000000000001\"}")!;

        Assert.Null(read.Items[0].Reasons);
        Assert.DoesNotContain("reasons", read.ToJson(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not json", "not an interaction event")]
    [InlineData("null", "JSON null")]
    [InlineData("{\"userId\":\"u\",\"itemId\":\"i\",\"type\":\"view\",\"occurredAt\":\"2026-01-01T00:00:00Z\"}", "eventId is missing")]
    [InlineData("{\"eventId\":\"0195f3c4-0000-7000-8000-000000000001\",\"userId\":\"a b\",\"itemId\":\"i\",\"type\":\"view\",\"occurredAt\":\"2026-01-01T00:00:00Z\"}", "userId 'a b'")]
    [InlineData("{\"eventId\":\"0195f3c4-0000-7000-8000-000000000001\",\"userId\":\"u\",\"itemId\":\"\",\"type\":\"view\",\"occurredAt\":\"2026-01-01T00:00:00Z\"}", "itemId")]
    [InlineData("{\"eventId\":\"0195f3c4-0000-7000-8000-000000000001\",\"userId\":\"u\",\"itemId\":\"i\",\"occurredAt\":\"2026-01-01T00:00:00Z\"}", "type is missing")]
    [InlineData("{\"eventId\":\"0195f3c4-0000-7000-8000-000000000001\",\"userId\":\"u\",\"itemId\":\"i\",\"type\":\"view\"}", "occurredAt is missing")]
    public void A_message_that_is_not_a_valid_event_is_refused_with_the_reason(string json, string reason)
    {
        Assert.False(InteractionEventSerializer.TryParse(json, out var parsed, out var why));
        Assert.Null(parsed);
        Assert.Contains(reason, why, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("alice", true)]
    [InlineData("user.name:42@shop-1_a", true)]
    [InlineData("", false)]
    [InlineData("has space", false)]
    [InlineData("semi;colon", false)]
    public void User_ids_are_letters_digits_and_a_few_separators(string userId, bool valid)
    {
        Assert.Equal(valid, InteractionRules.IsValidUserId(userId));
    }

    [Fact]
    public void A_user_id_of_129_characters_is_too_long()
    {
        Assert.True(InteractionRules.IsValidUserId(new string('a', 128)));
        Assert.False(InteractionRules.IsValidUserId(new string('a', 129)));
    }

    [Fact]
    public void A_profile_round_trips_through_its_redis_hash_exactly()
    {
        var profile = new TasteProfile([0.6f, -0.8f, 0f], 3.25, new DateTimeOffset(2026, 11, 26, 7, 1, 2, TimeSpan.Zero).AddTicks(1234567), 42, ["b", "a"])
        {
            RepeatableItems = ["a"],
        };

        var decoded = TasteProfileCodec.Decode(TasteProfileCodec.Encode(profile).ToDictionary(f => f.Key, f => f.Value));

        Assert.NotNull(decoded);
        Assert.Equal(profile.Vector, decoded.Vector);
        Assert.Equal(profile.Weight, decoded.Weight);
        Assert.Equal(profile.UpdatedAt, decoded.UpdatedAt);
        Assert.Equal(profile.EventCount, decoded.EventCount);
        Assert.Equal(profile.RecentItems, decoded.RecentItems);
        Assert.Equal(profile.RepeatableItems, decoded.RepeatableItems);
    }

    [Fact]
    public void A_profile_stored_before_repeatable_items_existed_leaves_out_everything_it_touched()
    {
        var fields = TasteProfileCodec.Encode(TasteProfile.Empty with { RecentItems = ["b", "a"], EventCount = 2 })
            .Where(f => f.Key != TasteProfileCodec.RepeatableItemsField)
            .ToDictionary(f => f.Key, f => f.Value);

        var decoded = TasteProfileCodec.Decode(fields);

        Assert.Empty(decoded!.RepeatableItems);
        Assert.Equal(["b", "a"], decoded.ExcludedItems);
    }

    [Fact]
    public void A_profile_without_direction_round_trips_with_a_null_vector()
    {
        var profile = TasteProfile.Empty with { RecentItems = ["x"], EventCount = 1, UpdatedAt = DateTimeOffset.UnixEpoch };

        var decoded = TasteProfileCodec.Decode(TasteProfileCodec.Encode(profile).ToDictionary(f => f.Key, f => f.Value));

        Assert.Null(decoded!.Vector);
        Assert.Equal(["x"], decoded.RecentItems);
    }

    [Fact]
    public void An_empty_hash_is_no_profile()
    {
        Assert.Null(TasteProfileCodec.Decode(new Dictionary<string, byte[]>()));
    }
}
