using System.Text.RegularExpressions;
using Nebula.Catalog.Storage;
using Nebula.Core.Contracts;
using Nebula.Milvus;
using Nebula.VectorService;

namespace Nebula.IntegrationTests;

/// <summary>The Embedder as a command: real catalogue files, the real model, a REST vector service of its own.</summary>
public sealed partial class EmbedderCommandTests : IAsyncLifetime
{
    private const string Token = "root:embedder-test";
    private static string GiftCards => SharedData.Path("amazon2018-gift-cards", "meta_Gift_Cards.json.gz");

    private readonly string _directory = Directory.CreateTempSubdirectory("nebula-embedder-").FullName;
    private VectorServer _server = null!;
    private MilvusClient _client = null!;

    private string ConnectionString => $"Endpoint={_server.Endpoint};Key={Token}";

    public async ValueTask InitializeAsync()
    {
        _server = await VectorServer.StartAsync(new VectorServiceOptions { DataDirectory = Path.Combine(_directory, "milvus"), Token = Token }, CancellationToken.None);
        _client = new MilvusClient(new MilvusClientSettings { Endpoint = _server.Endpoint, Key = Token });
    }

    private static long Count(string output, string label)
    {
        var match = Regex.Match(output, $@"^\s*{label}\s+([\d,]+)", RegexOptions.Multiline);
        Assert.True(match.Success, $"no '{label}' line in:\n{output}");
        return long.Parse(match.Groups[1].Value.Replace(",", "", StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task The_gift_cards_catalogue_loads_and_a_rerun_stores_nothing_new()
    {
        var first = await EmbedderProcess.RunAsync(ConnectionString, "--catalog", GiftCards);
        var second = await EmbedderProcess.RunAsync(ConnectionString, "--catalog", GiftCards);

        Assert.True(first.ExitCode == 0, first.Output);
        Assert.Equal(1547, Count(first.Output, "rows read"));
        var stored = Count(first.Output, "stored");
        Assert.True(stored > 1500, first.Output);
        Assert.Equal(stored, await _client.GetRowCountAsync("items", TestContext.Current.CancellationToken));

        Assert.True(second.ExitCode == 0, second.Output);
        Assert.Equal(0, Count(second.Output, "embedded"));
        Assert.Equal(0, Count(second.Output, "stored"));
        Assert.Equal(stored, Count(second.Output, "skipped") + Count(second.Output, "duplicate ids"));
    }

    [Fact]
    public async Task Switching_to_the_int8_model_re_embeds_the_stored_items_and_a_second_int8_run_stores_nothing()
    {
        var float32 = await EmbedderProcess.RunAsync(ConnectionString, "--limit", "30");
        var int8 = await EmbedderProcess.RunAsync(ConnectionString, "--limit", "30", "--precision", "Int8");
        var again = await EmbedderProcess.RunAsync(ConnectionString, "--limit", "30", "--precision", "int8");

        Assert.True(float32.ExitCode == 0 && int8.ExitCode == 0 && again.ExitCode == 0, float32.Output + int8.Output + again.Output);
        var stored = Count(float32.Output, "stored");
        Assert.True(stored > 0, float32.Output);
        Assert.Equal(stored, Count(int8.Output, "embedded"));
        Assert.Equal(0, Count(int8.Output, "skipped"));
        Assert.Equal(0, Count(again.Output, "embedded"));
        Assert.Equal(stored, Count(again.Output, "skipped"));
    }

    [Fact]
    public async Task Recreate_builds_a_new_collection_and_switches_the_alias_when_it_is_complete()
    {
        var first = await EmbedderProcess.RunAsync(ConnectionString, "--limit", "40");
        var before = await _client.DescribeAliasAsync("items", TestContext.Current.CancellationToken);
        var second = await EmbedderProcess.RunAsync(ConnectionString, "--limit", "60", "--recreate");
        var after = await _client.DescribeAliasAsync("items", TestContext.Current.CancellationToken);

        Assert.True(first.ExitCode == 0 && second.ExitCode == 0, first.Output + second.Output);
        Assert.NotEqual(before, after);
        Assert.Equal(60 - Count(second.Output, "rejected") - Count(second.Output, "duplicate ids"), await _client.GetRowCountAsync("items", TestContext.Current.CancellationToken));
        Assert.DoesNotContain(before!, await _client.ListCollectionsAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Bad_rows_are_counted_by_reason_and_shown_while_the_good_ones_are_stored()
    {
        var catalogue = Path.Combine(_directory, "hostile.json");
        await File.WriteAllLinesAsync(catalogue,
        [
            """{"asin": "G1", "title": "Good one", "brand": "Acme"}""",
            """{"asin": "G2", "title": "Truncated""",
            """{"asin": "G3", "title": "  "}""",
            """{"title": "No id"}""",
            """{"asin": "G4", "title": "Good two", "price": "$3.50"}""",
        ], TestContext.Current.CancellationToken);

        var result = await EmbedderProcess.RunAsync(ConnectionString, "--catalog", catalogue);

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Equal(3, Count(result.Output, "rejected"));
        Assert.Equal(2, Count(result.Output, "stored"));
        Assert.Contains("e.g. line 2: Malformed", result.Output, StringComparison.Ordinal);
        Assert.Contains("MissingTitle", result.Output, StringComparison.Ordinal);
        Assert.Contains("MissingId", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Given_a_reader_password_the_embedder_creates_the_read_only_user_before_loading()
    {
        var result = await EmbedderProcess.RunAsync(ConnectionString, "--limit", "20", "--Nebula:Embedder:Reader:Password=reader-secret-1");

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Contains($"Read-only Milvus user {MilvusUsers.Reader}: created role", result.Output, StringComparison.Ordinal);
        using var reader = _client.ForUser(MilvusUsers.Reader, "reader-secret-1");
        Assert.NotEmpty(await reader.QueryAsync("items", "itemId != \"\"", ["itemId"], limit: 5, cancellationToken: TestContext.Current.CancellationToken));
        var write = await Assert.ThrowsAsync<MilvusException>(() => reader.DropCollectionAsync("items", TestContext.Current.CancellationToken));
        Assert.Equal(MilvusErrorCodes.PrivilegeNotPermitted, write.Code);
    }

    [Fact]
    public async Task Given_an_editor_password_the_embedder_creates_the_user_who_may_change_rows_but_not_collections()
    {
        var result = await EmbedderProcess.RunAsync(ConnectionString, "--limit", "20", "--Nebula:Embedder:Editor:Password=editor-secret-1");

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Contains($"Editing Milvus user {MilvusUsers.Editor}: created role", result.Output, StringComparison.Ordinal);
        using var editor = _client.ForUser(MilvusUsers.Editor, "editor-secret-1");
        var id = (await editor.QueryAsync("items", "itemId != \"\"", ["itemId"], limit: 1, cancellationToken: TestContext.Current.CancellationToken))[0].GetProperty("itemId").GetString()!;
        await editor.DeleteAsync("items", MilvusFilter.Equal("itemId", id), TestContext.Current.CancellationToken);
        Assert.Empty(await editor.GetAsync("items", [id], ["itemId"], TestContext.Current.CancellationToken));
        var drop = await Assert.ThrowsAsync<MilvusException>(() => editor.DropCollectionAsync("items", TestContext.Current.CancellationToken));
        Assert.Equal(MilvusErrorCodes.PrivilegeNotPermitted, drop.Code);
    }

    [Fact]
    public async Task A_reader_password_milvus_would_refuse_exits_with_code_4_before_anything_is_written()
    {
        var result = await EmbedderProcess.RunAsync(ConnectionString, "--Nebula:Embedder:Reader:Password=short");

        Assert.True(result.ExitCode == 4, result.Output);
        Assert.Contains("Password", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(MilvusUsers.Reader, await _client.ListUsersAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_precision_that_does_not_exist_exits_with_code_4_naming_the_setting()
    {
        var result = await EmbedderProcess.RunAsync(ConnectionString, "--precision", "int4");

        Assert.True(result.ExitCode == 4, result.Output);
        Assert.Contains("Nebula:Embedding:Precision", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_catalogue_exits_with_code_2_naming_the_file()
    {
        var result = await EmbedderProcess.RunAsync(ConnectionString, "--catalog", "/nonexistent/meta_Electronics.json.gz");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("/nonexistent/meta_Electronics.json.gz", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_in_no_known_format_exits_with_code_2_saying_what_was_expected()
    {
        var csv = Path.Combine(_directory, "catalogue.csv");
        await File.WriteAllTextAsync(csv, "id,title\n1,not a catalogue\n", TestContext.Current.CancellationToken);

        var result = await EmbedderProcess.RunAsync(ConnectionString, "--catalog", csv);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Cannot tell the format", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_rejected_upsert_stops_the_run_with_code_1_and_the_servers_reason()
    {
        // A collection with the items field names but a title too short for the catalogue: Milvus refuses the rows (code 1804).
        var schema = ItemsSchema.Schema();
        var narrow = schema with { Fields = [.. schema.Fields.Select(f => f.FieldName == ItemFields.Title ? f with { ElementTypeParams = new Dictionary<string, int> { ["max_length"] = 8 } } : f)] };
        await _client.CreateCollectionAsync("items", narrow, [ItemsSchema.VectorIndex(new ItemsCollectionOptions())], TestContext.Current.CancellationToken);

        var result = await EmbedderProcess.RunAsync(ConnectionString, "--batch-size", "50", "--limit", "600");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("max_length 8", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_milvus_exits_with_code_1_after_retrying()
    {
        var result = await EmbedderProcess.RunAsync("Endpoint=http://127.0.0.1:1;Key=root:x", "--limit", "5");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("The load stopped", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_invalid_setting_exits_with_code_4_naming_it()
    {
        var result = await EmbedderProcess.RunAsync(ConnectionString, "--batch-size", "0");

        Assert.Equal(4, result.ExitCode);
        Assert.Contains("BatchSize", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Started_from_another_folder_it_finds_its_settings_and_the_demo_catalogue()
    {
        var result = await EmbedderProcess.RunAsync(ConnectionString, "--limit", "5");

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Equal(5, Count(result.Output, "rows read"));
    }

    public ValueTask DisposeAsync()
    {
        _client.Dispose();
        _server.Dispose();
        Directory.Delete(_directory, recursive: true);
        return ValueTask.CompletedTask;
    }
}
