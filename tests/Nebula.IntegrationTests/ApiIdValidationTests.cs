using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Nebula.IntegrationTests;

/// <summary>Every route that takes an id checks it by the one shared rule, answering 400 ValidationProblem naming it before any Redis or Milvus call.</summary>
[Collection(PipelineTestGroup.Name)]
public sealed class ApiIdValidationTests(EmbeddedAppHostFixture fixture) : IAsyncLifetime
{
    // 65 bytes: one more than an item id may have (Milvus's primary key length).
    private static readonly string LongItemId = new('x', 65);

    private PipelineDriver _driver = null!;

    public async ValueTask InitializeAsync() => _driver = await PipelineDriver.CreateAsync(fixture);

    public async ValueTask DisposeAsync() => await _driver.DisposeAsync();

    public static TheoryData<string, string> BadIds => new()
    {
        { $"/items/{LongItemId}", "itemId" },
        { $"/items/{LongItemId}/similar", "itemId" },
        { $"/similar_items/{LongItemId}", "itemId" },
        { "/users/not%20a%20user/recommendations", "userId" },
        { "/users/not%20a%20user/profile", "userId" },
        { "/users/not%20a%20user/recommendations/stream", "userId" },
        { "/recommendations/not%20a%20user", "userId" },
    };

    [Theory]
    [MemberData(nameof(BadIds))]
    public async Task A_malformed_id_is_refused_with_400_naming_it(string path, string field)
    {
        using var response = await _driver.Api.GetAsync(path, TestContext.Current.CancellationToken);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }
}
