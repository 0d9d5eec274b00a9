using System.Numerics.Tensors;
using Aspire.Hosting.ApplicationModel;

namespace Nebula.IntegrationTests;

/// <summary>
/// Two-step transition paths (off by default) through the real worker: a worker process with
/// <c>Blend:TwoHopWeight</c> set takes the AppHost worker's place in its group, so that its second read of the middle
/// items' rows runs against the AppHost's Redis.
/// </summary>
[Collection(PipelineTestGroup.Name)]
public sealed class TwoStepPathsTests(EmbeddedAppHostFixture fixture) : IAsyncLifetime
{
    private const string Worker = "streamworker";
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    private PipelineDriver _driver = null!;
    private WorkerProcess? _worker;

    public async ValueTask InitializeAsync()
    {
        _driver = await PipelineDriver.CreateAsync(fixture);
        await fixture.App.CommandAsync(Worker, KnownResourceCommands.StopCommand);
    }

    public async ValueTask DisposeAsync()
    {
        if (_worker is not null)
        {
            await _worker.DisposeAsync();
        }

        await fixture.App.CommandAsync(Worker, KnownResourceCommands.StartCommand);
        await _driver.DisposeAsync();
    }

    [Fact]
    public async Task Where_shoppers_went_after_the_next_item_is_recommended_after_the_first_as_a_next_reason()
    {
        // Three items far apart in content, so that only transitions can link them: first → middle, then middle → last.
        var items = await _driver.CatalogItemsAsync(4000);
        var first = items[2345];
        var vectors = await _driver.VectorsAsync([first, .. items.Skip(3000).Take(500)]);
        var far = vectors.Keys.Where(id => id != first).OrderBy(id => TensorPrimitives.Dot(vectors[first], vectors[id])).Take(2).ToArray();
        var (middle, last) = (far[0], far[1]);

        var settings = await WorkerProcess.AppHostSettingsAsync(fixture);
        settings["Nebula__Recommendations__Blend__TwoHopWeight"] = "3";
        _worker = WorkerProcess.Start(settings);
        await _worker.WaitForLogAsync("Consuming interactions", Patience);

        await _driver.ShoppersGoFromToAsync("first-middle", 3, first, middle, Patience);
        await _driver.ShoppersGoFromToAsync("middle-last", 3, middle, last, Patience);

        var user = PipelineDriver.NewUser("two-step");
        (await _driver.PostInteractionAsync(user, first, "view")).Dispose();
        var answer = await _driver.WaitForRecommendationsAsync(user, r => PipelineDriver.Source(r) == "personalized", Patience);

        // No shopper went from first to last: only the path through middle can give last a "next" reason naming first.
        var listed = answer.GetProperty("items").EnumerateArray().ToDictionary(item => item.GetProperty("itemId").GetString()!);
        Assert.Contains(middle, listed.Keys);
        Assert.True(listed.ContainsKey(last), $"{last} not among {string.Join(", ", listed.Keys)}\n{_worker.Output}");
        Assert.Contains(listed[last].GetProperty("reasons").EnumerateArray(),
            reason => reason.GetProperty("reason").GetString() == "next" && reason.GetProperty("because").GetString() == first);
    }
}
