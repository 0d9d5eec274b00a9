using Confluent.Kafka;
using Nebula.Core.Contracts;

namespace Nebula.IntegrationTests;

/// <summary>A message the worker cannot apply goes to <c>interactions.dlq</c> with the reason, and the worker carries on.</summary>
[Collection(PipelineTestGroup.Name)]
public sealed class DeadLetterTests(EmbeddedAppHostFixture fixture) : IAsyncLifetime
{
    private const string ReasonHeader = DeadLetterReader.ReasonHeader;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private PipelineDriver _driver = null!;

    public async ValueTask InitializeAsync() => _driver = await PipelineDriver.CreateAsync(fixture);

    public async ValueTask DisposeAsync() => await _driver.DisposeAsync();

    [Fact]
    public async Task A_message_that_is_not_an_event_is_dead_lettered_with_the_reason_and_later_events_are_applied()
    {
        var user = PipelineDriver.NewUser("poison");
        var poison = $"{{\"this is\": \"not an interaction\", \"marker\": \"{Guid.NewGuid():N}\"}}";
        await ProduceRawAsync(user, poison);
        var item = (await _driver.CatalogItemsAsync(1))[0];

        (await _driver.PostInteractionAsync(user, item, "click")).Dispose();
        var after = await _driver.WaitForRecommendationsAsync(user, r => PipelineDriver.Source(r) == "personalized", Patience);
        var letter = await FindDeadLetterAsync(poison);

        Assert.Equal("personalized", PipelineDriver.Source(after));
        Assert.Equal(user, letter.Message.Key);
        Assert.Contains("eventId is missing", Header(letter, ReasonHeader), StringComparison.Ordinal);
        Assert.StartsWith($"{Topics.Interactions}/", Header(letter, "nebula-dlq-source"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_event_naming_an_unknown_item_is_dead_lettered_naming_the_item()
    {
        var user = PipelineDriver.NewUser("ghost");
        // Past the Api (which would answer 404), straight onto the topic.
        var ghost = InteractionEventSerializer.Serialize(new InteractionEvent(Guid.CreateVersion7(), user, "NO-SUCH-ITEM", "view", DateTimeOffset.UtcNow));
        await ProduceRawAsync(user, ghost);

        var letter = await FindDeadLetterAsync(ghost);

        Assert.Contains("'NO-SUCH-ITEM' is not in the catalogue", Header(letter, ReasonHeader), StringComparison.Ordinal);
        Assert.Null(await _driver.ProfileAsync(user));
    }

    [Theory]
    [InlineData(2040, "in the future")]
    [InlineData(1970, "older than 30 days")]
    public async Task An_event_whose_time_is_implausible_is_dead_lettered_and_changes_nothing(int year, string reason)
    {
        var user = PipelineDriver.NewUser($"time-{year}");
        var item = (await _driver.CatalogItemsAsync(1))[0];
        var forged = InteractionEventSerializer.Serialize(new InteractionEvent(Guid.CreateVersion7(), user, item, "purchase", new DateTimeOffset(year, 1, 1, 0, 0, 0, TimeSpan.Zero)));
        await ProduceRawAsync(user, forged);

        var letter = await FindDeadLetterAsync(forged);

        Assert.Contains(reason, Header(letter, ReasonHeader), StringComparison.Ordinal);
        Assert.Null(await _driver.ProfileAsync(user));
    }

    [Fact]
    public async Task A_stored_profile_that_cannot_be_read_dead_letters_its_event_after_the_attempts_while_other_users_events_are_applied()
    {
        var corrupt = PipelineDriver.NewUser("corrupt");
        var bystander = PipelineDriver.NewUser("bystander");
        var items = await _driver.CatalogItemsAsync(2);
        // Three bytes are no whole float32: the profile cannot be decoded, however often the batch is tried.
        await _driver.Redis.GetDatabase().HashSetAsync(RedisKeys.Profile(corrupt), TasteProfileCodec.VectorField, new byte[] { 1, 2, 3 });
        var poisoned = InteractionEventSerializer.Serialize(new InteractionEvent(Guid.CreateVersion7(), corrupt, items[0], "click", DateTimeOffset.UtcNow));
        await ProduceRawAsync(corrupt, poisoned);
        (await _driver.PostInteractionAsync(bystander, items[1], "click")).Dispose();

        var applied = await _driver.WaitForProfileAsync(bystander, 1, Patience);
        var letter = await FindDeadLetterAsync(poisoned);

        Assert.Equal(1, applied.EventCount);
        Assert.Contains("Failed 5 attempts: System.FormatException", Header(letter, ReasonHeader), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_event_published_twice_is_applied_once()
    {
        var user = PipelineDriver.NewUser("twice");
        var items = await _driver.CatalogItemsAsync(2);
        // Straight onto the topic, as a client replaying its own log (or a second Api instance) would put it there.
        var twice = InteractionEventSerializer.Serialize(new InteractionEvent(Guid.CreateVersion7(), user, items[0], "click", DateTimeOffset.UtcNow));
        await ProduceRawAsync(user, twice);
        await ProduceRawAsync(user, twice);
        await ProduceRawAsync(user, InteractionEventSerializer.Serialize(new InteractionEvent(Guid.CreateVersion7(), user, items[1], "view", DateTimeOffset.UtcNow)));

        // The third event follows both copies in the user's partition: once it is applied, so is whatever they did.
        var deadline = DateTime.UtcNow + Patience;
        var profile = await _driver.ProfileAsync(user);
        while ((profile is null || profile.RecentItems[0] != items[1]) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50, TestContext.Current.CancellationToken);
            profile = await _driver.ProfileAsync(user);
        }

        Assert.NotNull(profile);
        Assert.Equal(2, profile.EventCount);
        Assert.Equal([items[1], items[0]], profile.RecentItems);
    }

    private async Task ProduceRawAsync(string key, string value)
    {
        using var producer = new ProducerBuilder<string, string>(new ProducerConfig { BootstrapServers = await fixture.ConnectionStringAsync("kafka") }).Build();
        await producer.ProduceAsync(Topics.Interactions, new Message<string, string> { Key = key, Value = value }, TestContext.Current.CancellationToken);
    }

    private Task<ConsumeResult<string, string>> FindDeadLetterAsync(string value) =>
        DeadLetterReader.FindAsync(fixture, Topics.InteractionsDeadLetter, value, Patience);

    private static string Header(ConsumeResult<string, string> result, string name) => DeadLetterReader.Header(result, name);
}
