using System.Numerics.Tensors;
using System.Text.Json;
using Nebula.Milvus;
using Nebula.VectorService;

namespace Nebula.UnitTests.Milvus;

/// <summary>What the embedded vector service does beyond the shared contract: authentication, persistence, the HNSW path.</summary>
public sealed class EmbeddedVectorServiceTests : IDisposable
{
    private const int Dimensions = 32;
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "nebula-vector-" + Guid.NewGuid().ToString("N")[..8]);

    private sealed record Row(string ItemId, float[] Vector, string Title);

    private static MilvusCollectionSchema Schema() => new(
    [
        new MilvusField("itemId", MilvusDataTypes.VarChar) { IsPrimary = true, ElementTypeParams = new Dictionary<string, int> { ["max_length"] = 64 } },
        new MilvusField("vector", MilvusDataTypes.FloatVector) { ElementTypeParams = new Dictionary<string, int> { ["dim"] = Dimensions } },
        new MilvusField("title", MilvusDataTypes.VarChar) { ElementTypeParams = new Dictionary<string, int> { ["max_length"] = 64 } },
    ]);

    private static readonly MilvusIndex Index = new("vector", "vector", "COSINE", new Dictionary<string, object> { ["index_type"] = "HNSW", ["M"] = 16, ["efConstruction"] = 200 });

    private static List<Row> RandomRows(int count, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(i => new Row($"r{i}", [.. Enumerable.Range(0, Dimensions).Select(_ => (float)random.NextDouble() - 0.5f)], $"Row {i}"))];
    }

    private static MilvusClient Client(VectorServer server, string? key = "root:t") => new(new MilvusClientSettings { Endpoint = server.Endpoint, Key = key, MaxRetries = 0 });

    /// <summary>A started service with 3,000 random rows in <paramref name="collection"/>, above the exact-search threshold: searches go through the HNSW index.</summary>
    private async Task<IndexedCollection> IndexedAsync(string collection, int seed)
    {
        var options = new VectorServiceOptions { DataDirectory = _directory, Token = "root:t", ExactSearchThreshold = 100 };
        var server = await VectorServer.StartAsync(options, TestContext.Current.CancellationToken);
        var client = Client(server);
        var rows = RandomRows(3_000, seed);
        await client.CreateCollectionAsync(collection, Schema(), [Index], TestContext.Current.CancellationToken);
        await client.UpsertInBatchesAsync(collection, rows, TestContext.Current.CancellationToken);
        return new IndexedCollection(server, client, rows);
    }

    private sealed record IndexedCollection(VectorServer Server, MilvusClient Client, List<Row> Rows) : IDisposable
    {
        public void Dispose()
        {
            Client.Dispose();
            Server.Dispose();
        }
    }

    [Fact]
    public async Task A_call_without_the_token_gets_401_with_code_1800()
    {
        using var server = await StartAsync();
        using var client = Client(server, key: "root:wrong");

        var error = await Assert.ThrowsAsync<MilvusException>(() => client.ListCollectionsAsync(TestContext.Current.CancellationToken));

        Assert.Equal(401, error.HttpStatus);
        Assert.Equal(MilvusErrorCodes.NotAuthenticated, error.Code);
    }

    [Fact]
    public async Task Collections_rows_and_aliases_survive_a_restart()
    {
        var rows = RandomRows(50, seed: 1);
        using (var server = await StartAsync())
        using (var client = Client(server))
        {
            await client.CreateCollectionAsync("kept", Schema(), [Index], TestContext.Current.CancellationToken);
            await client.UpsertAsync("kept", rows, TestContext.Current.CancellationToken);
            await client.DeleteAsync("kept", MilvusFilter.In("itemId", ["r0"]), TestContext.Current.CancellationToken);
            await client.CreateAliasAsync("kept_alias", "kept", TestContext.Current.CancellationToken);
        }

        using var restarted = await StartAsync();
        using var reopened = Client(restarted);

        Assert.Equal(49, await reopened.GetRowCountAsync("kept_alias", TestContext.Current.CancellationToken));
        var hit = (await reopened.SearchAsync("kept_alias", [rows[7].Vector], new() { AnnsField = "vector", Limit = 1 }, TestContext.Current.CancellationToken))[0][0];
        Assert.Equal("r7", hit.GetString("itemId"));
    }

    [Fact]
    public async Task A_torn_last_log_record_is_cut_off_and_the_rest_is_kept()
    {
        using (var server = await StartAsync())
        using (var client = Client(server))
        {
            await client.CreateCollectionAsync("torn", Schema(), [Index], TestContext.Current.CancellationToken);
            await client.UpsertAsync("torn", RandomRows(10, seed: 2), TestContext.Current.CancellationToken);
        }

        var log = Directory.GetFiles(_directory, "rows.log", SearchOption.AllDirectories).Single();
        await File.AppendAllBytesAsync(log, [1, 0xFF, 0x10, 0, 0, 1, 2, 3], TestContext.Current.CancellationToken);

        using var restarted = await StartAsync();
        using var reopened = Client(restarted);
        Assert.Equal(10, await reopened.GetRowCountAsync("torn", TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_zero_filled_log_tail_is_cut_off_and_reported_and_every_row_is_kept()
    {
        var log = await WriteLogAsync("zeroed", batches: 1);
        await File.AppendAllBytesAsync(log, new byte[4096], TestContext.Current.CancellationToken);

        using var restarted = await StartAsync();
        using var reopened = Client(restarted);

        Assert.Equal(10, await reopened.GetRowCountAsync("zeroed", TestContext.Current.CancellationToken));
        var repair = restarted.Repairs["zeroed"];
        Assert.Equal(4096, repair.DroppedBytes);
        Assert.Contains("unknown record type 0", repair.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_flipped_byte_in_a_middle_record_cuts_the_log_there_keeps_the_rows_before_and_reports_the_rest()
    {
        var log = await WriteLogAsync("flipped", batches: 3);
        var bytes = await File.ReadAllBytesAsync(log, TestContext.Current.CancellationToken);
        var eleventh = RecordStarts(bytes)[10];
        // A bit of the eleventh record's vector, past its header: only the checksum can tell.
        bytes[eleventh + 9 + 40] ^= 0x10;
        await File.WriteAllBytesAsync(log, bytes, TestContext.Current.CancellationToken);

        using var restarted = await StartAsync();
        using var reopened = Client(restarted);

        Assert.Equal(10, await reopened.GetRowCountAsync("flipped", TestContext.Current.CancellationToken));
        var repair = restarted.Repairs["flipped"];
        Assert.Equal(eleventh, repair.Offset);
        Assert.Equal(bytes.Length - eleventh, repair.DroppedBytes);
        Assert.Equal("a checksum mismatch", repair.Reason);
    }

    [Fact]
    public async Task A_torn_middle_record_cuts_the_log_there_and_the_service_takes_writes_after_it()
    {
        var log = await WriteLogAsync("torn-middle", batches: 2);
        var bytes = await File.ReadAllBytesAsync(log, TestContext.Current.CancellationToken);
        var fifteenth = RecordStarts(bytes)[14];
        // A crash mid-write in the middle: half of a record, then later records written after a restart that never happened.
        await File.WriteAllBytesAsync(log, [.. bytes[..(fifteenth + 20)], .. bytes[(fifteenth + 40)..]], TestContext.Current.CancellationToken);

        using (var restarted = await StartAsync())
        using (var reopened = Client(restarted))
        {
            Assert.Equal(14, await reopened.GetRowCountAsync("torn-middle", TestContext.Current.CancellationToken));
            Assert.Equal(fifteenth, restarted.Repairs["torn-middle"].Offset);
            await reopened.UpsertAsync("torn-middle", RandomRows(20, seed: 9)[14..], TestContext.Current.CancellationToken);
        }

        using var again = await StartAsync();
        using var client = Client(again);
        Assert.Equal(20, await client.GetRowCountAsync("torn-middle", TestContext.Current.CancellationToken));
        Assert.Empty(again.Repairs);
    }

    [Fact]
    public async Task A_log_written_before_checksums_is_read_whole_and_rewritten_with_them()
    {
        var log = await WriteLogAsync("legacy", batches: 1);
        var bytes = await File.ReadAllBytesAsync(log, TestContext.Current.CancellationToken);
        // The first format: no file header, and each record's type and length without a checksum.
        var legacy = RecordStarts(bytes).SelectMany(start => bytes[start..(start + 5)].Concat(bytes[(start + 9)..(start + 9 + BitConverter.ToInt32(bytes, start + 1))])).ToArray();
        await File.WriteAllBytesAsync(log, legacy, TestContext.Current.CancellationToken);

        using var restarted = await StartAsync();
        using var reopened = Client(restarted);

        Assert.Equal(10, await reopened.GetRowCountAsync("legacy", TestContext.Current.CancellationToken));
        Assert.Empty(restarted.Repairs);
        Assert.Equal(bytes.Length, new FileInfo(log).Length);
    }

    /// <summary>A collection with 10 rows per batch (r0…), each batch one upsert; returns its log's path.</summary>
    private async Task<string> WriteLogAsync(string collection, int batches)
    {
        using (var server = await StartAsync())
        using (var client = Client(server))
        {
            await client.CreateCollectionAsync(collection, Schema(), [Index], TestContext.Current.CancellationToken);
            var rows = RandomRows(10 * batches, seed: 9);
            foreach (var batch in rows.Chunk(10))
            {
                await client.UpsertAsync(collection, batch, TestContext.Current.CancellationToken);
            }
        }

        return Directory.GetFiles(Path.Combine(_directory, "collections", collection), "rows.log").Single();
    }

    /// <summary>Where each record starts: after the 8-byte file header, records of a 9-byte header (type, length, CRC) and a payload.</summary>
    private static List<int> RecordStarts(byte[] log)
    {
        var starts = new List<int>();
        for (var position = 8; position < log.Length; position += 9 + BitConverter.ToInt32(log, position + 1))
        {
            starts.Add(position);
        }

        return starts;
    }

    private Task<VectorServer> StartAsync() =>
        VectorServer.StartAsync(new VectorServiceOptions { DataDirectory = _directory, Token = "root:t" }, TestContext.Current.CancellationToken);

    [Fact]
    public async Task A_log_of_mostly_replaced_rows_is_compacted_at_start_and_keeps_the_latest_rows()
    {
        var rows = RandomRows(100, seed: 6);
        using (var server = await StartAsync())
        using (var client = Client(server))
        {
            await client.CreateCollectionAsync("churn", Schema(), [Index], TestContext.Current.CancellationToken);
            for (var round = 0; round < 25; round++)
            {
                await client.UpsertAsync("churn", rows.Select(r => r with { Title = $"round {round}" }).ToList(), TestContext.Current.CancellationToken);
            }
        }

        var log = Directory.GetFiles(_directory, "rows.log", SearchOption.AllDirectories).Single();
        var before = new FileInfo(log).Length;
        for (var restart = 0; restart < 2; restart++)
        {
            using var server = await StartAsync();
            using var client = Client(server);

            Assert.Equal(100, await client.GetRowCountAsync("churn", TestContext.Current.CancellationToken));
            var hit = (await client.SearchAsync("churn", [rows[42].Vector], new() { AnnsField = "vector", Limit = 1, OutputFields = ["title"] }, TestContext.Current.CancellationToken))[0][0];
            Assert.Equal(("r42", "round 24"), (hit.GetString("itemId"), hit.GetString("title")));
        }

        Assert.True(new FileInfo(log).Length * 20 < before, $"log {new FileInfo(log).Length} bytes after compaction, {before} before");
    }

    [Fact]
    public async Task A_replaced_rows_vector_reads_back_bit_for_bit_from_get_query_and_search()
    {
        using var indexed = await IndexedAsync("exact", seed: 11);
        var client = indexed.Client;
        var replacement = RandomRows(1, seed: 12)[0] with { ItemId = "r5" };
        await client.UpsertAsync("exact", [replacement], TestContext.Current.CancellationToken);

        var got = await client.GetAsync("exact", ["r5", "r6"], ["itemId", "vector"], TestContext.Current.CancellationToken);
        var queried = await client.QueryAsync("exact", MilvusFilter.In("itemId", ["r5"]), ["itemId", "vector"], 10, cancellationToken: TestContext.Current.CancellationToken);
        var searched = (await client.SearchAsync("exact", [replacement.Vector], new() { AnnsField = "vector", Limit = 1, OutputFields = ["vector"] }, TestContext.Current.CancellationToken))[0][0];

        Assert.Equal(replacement.Vector, VectorOf(got.Single(r => r.GetProperty("itemId").GetString() == "r5")));
        Assert.Equal(indexed.Rows[6].Vector, VectorOf(got.Single(r => r.GetProperty("itemId").GetString() == "r6")));
        Assert.Equal(replacement.Vector, VectorOf(queried.Single()));
        Assert.Equal(replacement.Vector, VectorOf(searched.Entity));
    }

    [Fact]
    public async Task Vectors_read_back_the_same_after_a_restart_from_the_saved_index_and_after_a_rebuild_from_the_log()
    {
        var rows = RandomRows(300, seed: 13);
        using (var server = await StartAsync())
        using (var client = Client(server))
        {
            await client.CreateCollectionAsync("kept", Schema(), [Index], TestContext.Current.CancellationToken);
            await client.UpsertInBatchesAsync("kept", rows, TestContext.Current.CancellationToken);
            await client.DeleteAsync("kept", MilvusFilter.In("itemId", ["r1"]), TestContext.Current.CancellationToken);
        }

        var fromSnapshot = await StoredVectorsAsync("kept", rows);
        File.Delete(Directory.GetFiles(_directory, "index.hnsw", SearchOption.AllDirectories).Single());
        var rebuilt = await StoredVectorsAsync("kept", rows);

        var expected = rows.Where(r => r.ItemId != "r1").ToDictionary(r => r.ItemId, r => r.Vector);
        Assert.Equal(expected, fromSnapshot);
        Assert.Equal(expected, rebuilt);
    }

    [Fact]
    public async Task A_compacted_log_keeps_each_rows_latest_vector()
    {
        using (var server = await StartAsync())
        using (var client = Client(server))
        {
            await client.CreateCollectionAsync("churn", Schema(), [Index], TestContext.Current.CancellationToken);
            for (var round = 0; round < 25; round++)
            {
                await client.UpsertAsync("churn", RandomRows(100, seed: 100 + round), TestContext.Current.CancellationToken);
            }
        }

        var latest = RandomRows(100, seed: 124);
        var stored = await StoredVectorsAsync("churn", latest);

        Assert.Equal(latest.ToDictionary(r => r.ItemId, r => r.Vector), stored);
    }

    [Fact]
    public async Task Rows_replaced_while_they_are_read_always_come_back_with_a_vector_they_were_given()
    {
        using var indexed = await IndexedAsync("racing", seed: 14);
        var client = indexed.Client;
        var versions = new[] { indexed.Rows.Take(200).ToList(), RandomRows(200, seed: 15), RandomRows(200, seed: 16) };
        var ids = versions[0].Select(r => r.ItemId).ToList();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);

        var writer = Task.Run(async () =>
        {
            for (var round = 1; round <= 30; round++)
            {
                await client.UpsertAsync("racing", versions[round % versions.Length], TestContext.Current.CancellationToken);
            }

            await stop.CancelAsync();
        }, TestContext.Current.CancellationToken);

        var reads = 0;
        while (!stop.IsCancellationRequested)
        {
            var got = await client.GetAsync("racing", ids, ["itemId", "vector"], TestContext.Current.CancellationToken);
            Assert.Equal(ids.Count, got.Count);
            foreach (var row in got)
            {
                var id = row.GetProperty("itemId").GetString()!;
                var vector = VectorOf(row);
                Assert.Contains(versions, version => version.Single(r => r.ItemId == id).Vector.SequenceEqual(vector));
            }

            reads++;
        }

        await writer;
        Assert.True(reads > 0);
    }

    /// <summary>Starts the service on the data directory and reads every row's vector by the ids of <paramref name="rows"/>.</summary>
    private async Task<Dictionary<string, float[]>> StoredVectorsAsync(string collection, IEnumerable<Row> rows)
    {
        using var server = await StartAsync();
        using var client = Client(server);
        var got = await client.GetAsync(collection, [.. rows.Select(r => r.ItemId)], ["itemId", "vector"], TestContext.Current.CancellationToken);
        return got.ToDictionary(r => r.GetProperty("itemId").GetString()!, VectorOf);
    }

    private static float[] VectorOf(JsonElement row) => [.. row.GetProperty("vector").EnumerateArray().Select(v => v.GetSingle())];

    [Fact]
    public async Task Above_the_exact_threshold_the_hnsw_index_finds_the_exact_neighbours()
    {
        using var indexed = await IndexedAsync("big", seed: 3);
        var (client, rows) = (indexed.Client, indexed.Rows);
        var queries = RandomRows(50, seed: 4).Select(r => r.Vector).ToList();

        var results = await client.SearchAsync("big", queries, new() { AnnsField = "vector", Limit = 10, Ef = 128 }, TestContext.Current.CancellationToken);

        var found = 0;
        for (var q = 0; q < queries.Count; q++)
        {
            var exact = rows.OrderByDescending(r => TensorPrimitives.CosineSimilarity(queries[q], r.Vector)).Take(10).Select(r => r.ItemId).ToHashSet();
            found += results[q].Count(h => exact.Contains(h.GetString("itemId")!));
        }

        Assert.True(found / (double)(queries.Count * 10) >= 0.95, $"recall@10 {found / (double)(queries.Count * 10):F3}");
    }

    [Fact]
    public async Task A_search_with_many_vectors_answers_each_as_its_own_search_does()
    {
        using var indexed = await IndexedAsync("many", seed: 6);
        var client = indexed.Client;
        var queries = RandomRows(40, seed: 7).Select(r => r.Vector).ToList();
        var request = new MilvusSearchRequest { AnnsField = "vector", Limit = 10, Ef = 64 };

        var together = await client.SearchAsync("many", queries, request, TestContext.Current.CancellationToken);

        Assert.Equal(queries.Count, together.Count);
        for (var q = 0; q < queries.Count; q++)
        {
            var alone = (await client.SearchAsync("many", [queries[q]], request, TestContext.Current.CancellationToken))[0];
            Assert.Equal(alone.Select(h => (h.GetString("itemId"), h.Distance)), together[q].Select(h => (h.GetString("itemId"), h.Distance)));
        }
    }

    [Fact]
    public async Task A_filter_that_rejects_most_candidates_still_returns_a_full_page()
    {
        var options = new VectorServiceOptions { DataDirectory = _directory, Token = "root:t", ExactSearchThreshold = 100 };
        using var server = await VectorServer.StartAsync(options, TestContext.Current.CancellationToken);
        using var client = Client(server);
        var rows = RandomRows(1_000, seed: 5);
        await client.CreateCollectionAsync("filtered", Schema(), [Index], TestContext.Current.CancellationToken);
        await client.UpsertAsync("filtered", rows, TestContext.Current.CancellationToken);
        var allowed = rows.Where((_, i) => i % 97 == 0).Select(r => r.ItemId).ToList();

        var hits = (await client.SearchAsync("filtered", [rows[1].Vector],
            new() { AnnsField = "vector", Limit = 5, Filter = MilvusFilter.In("itemId", allowed) }, TestContext.Current.CancellationToken))[0];

        Assert.Equal(5, hits.Count);
        Assert.All(hits, h => Assert.Contains(h.GetString("itemId"), allowed));
    }

    [Fact]
    public async Task A_filter_nested_too_deeply_is_refused_with_code_1100_and_the_service_keeps_serving()
    {
        using var server = await StartAsync();
        using var client = Client(server);
        await CreateWithRowsAsync(client, "nested", seed: 7);
        var nested = new string('(', 100_000) + "itemId == \"r1\"" + new string(')', 100_000);

        var error = await Assert.ThrowsAsync<MilvusException>(() => client.QueryAsync("nested", nested, ["itemId"], 10, cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(MilvusErrorCodes.InvalidParameter, error.Code);
        Assert.Contains("nested deeper than", error.ServerMessage, StringComparison.Ordinal);
        Assert.Equal(3, await client.GetRowCountAsync("nested", TestContext.Current.CancellationToken));
    }

    [Theory]
    [InlineData("itemId == \"\\uZZZZ\"")]
    [InlineData("itemId == \"\\u12\"")]
    public async Task A_bad_unicode_escape_in_a_filter_is_refused_with_code_1100_not_a_server_error(string filter)
    {
        using var server = await StartAsync();
        using var client = Client(server);
        await CreateWithRowsAsync(client, "escapes", seed: 7);

        var error = await Assert.ThrowsAsync<MilvusException>(() => client.QueryAsync("escapes", filter, ["itemId"], 10, cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(MilvusErrorCodes.InvalidParameter, error.Code);
        Assert.Contains("four hex digits", error.ServerMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"0.5\"")]
    [InlineData("null")]
    [InlineData("1e39")]
    public async Task An_upserted_vector_holding_something_other_than_a_finite_float_is_refused_with_code_1804_and_its_index(string bad)
    {
        using var server = await StartAsync();
        using var client = Client(server);
        await CreateWithRowsAsync(client, "bad-vector", seed: 9);
        var values = string.Join(",", Enumerable.Range(0, Dimensions).Select(i => i == 5 ? bad : "0.25"));
        var row = JsonDocument.Parse($$"""{"itemId":"x","title":"X","vector":[{{values}}]}""").RootElement;

        var error = await Assert.ThrowsAsync<MilvusException>(() => client.UpsertAsync("bad-vector", [row], TestContext.Current.CancellationToken));

        Assert.Equal(MilvusErrorCodes.BadInsertData, error.Code);
        Assert.Contains("not a finite float at index 5", error.ServerMessage, StringComparison.Ordinal);
        Assert.Equal(3, await client.GetRowCountAsync("bad-vector", TestContext.Current.CancellationToken));
    }

    [Theory]
    [InlineData("[0.5, \"x\"]")]
    [InlineData("[0.5, 1e39]")]
    [InlineData("\"0.5\"")]
    public async Task A_search_vector_that_is_not_an_array_of_finite_numbers_is_refused_with_code_1100(string vector)
    {
        using var server = await StartAsync();
        using var client = Client(server);
        await CreateWithRowsAsync(client, "bad-search", seed: 10);
        using var http = new HttpClient { BaseAddress = server.Endpoint };
        http.DefaultRequestHeaders.Authorization = new("Bearer", "root:t");

        using var response = await http.PostAsync(
            "v2/vectordb/entities/search",
            new StringContent($$"""{"collectionName":"bad-search","data":[{{vector}}],"annsField":"vector","limit":3}""", System.Text.Encoding.UTF8, "application/json"),
            TestContext.Current.CancellationToken);
        using var reply = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));

        Assert.Equal(MilvusErrorCodes.InvalidParameter, reply.RootElement.GetProperty("code").GetInt32());
        Assert.Contains("array of finite numbers", reply.RootElement.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_long_chain_of_or_is_evaluated_without_exhausting_the_stack()
    {
        using var server = await StartAsync();
        using var client = Client(server);
        await CreateWithRowsAsync(client, "chain", seed: 8);
        var chain = string.Join(" or ", Enumerable.Repeat("title == \"nothing\"", 50_000)) + " or itemId == \"r2\"";

        var rows = await client.QueryAsync("chain", chain, ["itemId"], 10, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal("r2", Assert.Single(rows).GetProperty("itemId").GetString());
    }

    private sealed record TaggedRow(string ItemId, float[] Vector, string[] Tags);

    // Milvus' grammar takes the array functions in upper or lower case; the one-value form takes a scalar, the others a list.
    [Theory]
    [InlineData("ARRAY_CONTAINS_ANY(tags, [\"red\", \"blue\"])", "a,b")]
    [InlineData("array_contains_any(tags, [\"blue\"])", "b")]
    [InlineData("ARRAY_CONTAINS(tags, \"red\")", "a")]
    [InlineData("array_contains_all(tags, [\"blue\", \"small\"])", "b")]
    [InlineData("not ARRAY_CONTAINS_ANY(tags, [\"red\"]) and itemId != \"c\"", "b")]
    public async Task The_array_functions_match_rows_by_their_array_field(string filter, string expected)
    {
        using var server = await StartAsync();
        using var client = Client(server);
        await CreateTaggedAsync(client);

        var rows = await client.QueryAsync("tagged", filter, ["itemId"], 10, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(expected.Split(','), rows.Select(r => r.GetProperty("itemId").GetString()).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("ARRAY_LENGTH_OF(tags, 1)", "unknown function")]
    [InlineData("ARRAY_CONTAINS_ANY(tags, \"red\")", "needs a list")]
    [InlineData("ARRAY_CONTAINS_ANY(\"red\", [\"red\"])", "needs a field name")]
    public async Task A_malformed_array_function_is_refused_with_code_1100(string filter, string reason)
    {
        using var server = await StartAsync();
        using var client = Client(server);
        await CreateTaggedAsync(client);

        var error = await Assert.ThrowsAsync<MilvusException>(() => client.QueryAsync("tagged", filter, ["itemId"], 10, cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(MilvusErrorCodes.InvalidParameter, error.Code);
        Assert.Contains(reason, error.ServerMessage, StringComparison.Ordinal);
    }

    private static async Task CreateTaggedAsync(MilvusClient client)
    {
        var schema = new MilvusCollectionSchema(
        [
            new MilvusField("itemId", MilvusDataTypes.VarChar) { IsPrimary = true, ElementTypeParams = new Dictionary<string, int> { ["max_length"] = 64 } },
            new MilvusField("vector", MilvusDataTypes.FloatVector) { ElementTypeParams = new Dictionary<string, int> { ["dim"] = Dimensions } },
            new MilvusField("tags", MilvusDataTypes.Array)
            {
                ElementDataType = MilvusDataTypes.VarChar,
                ElementTypeParams = new Dictionary<string, int> { ["max_length"] = 16, ["max_capacity"] = 4 },
            },
        ]);
        await client.CreateCollectionAsync("tagged", schema, [Index], TestContext.Current.CancellationToken);
        var vectors = RandomRows(3, seed: 9);
        await client.UpsertAsync("tagged", new TaggedRow[]
        {
            new("a", vectors[0].Vector, ["red", "small"]),
            new("b", vectors[1].Vector, ["blue", "small"]),
            new("c", vectors[2].Vector, []),
        }, TestContext.Current.CancellationToken);
    }

    /// <summary>A collection of three rows.</summary>
    private static async Task CreateWithRowsAsync(MilvusClient client, string collection, int seed)
    {
        await client.CreateCollectionAsync(collection, Schema(), [Index], TestContext.Current.CancellationToken);
        await client.UpsertAsync(collection, RandomRows(3, seed), TestContext.Current.CancellationToken);
    }

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}
