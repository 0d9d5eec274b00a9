using Nebula.Milvus;
using Nebula.Milvus.Access;

namespace Nebula.UnitTests.Milvus;

/// <summary>
/// The Milvus client against a REST v2 server. The same suite runs against the embedded vector service and, when
/// <c>NEBULA_MILVUS_ENDPOINT</c> names one, a real Milvus. Shapes follow Milvus' REST v2 reference.
/// </summary>
public abstract class MilvusContractTests
{
    private const int Dimensions = 8;

    protected abstract MilvusClient Client { get; }

    private static string NewName() => "c_" + Guid.NewGuid().ToString("N")[..12];

    private static MilvusCollectionSchema Schema() => new(
    [
        new MilvusField("itemId", MilvusDataTypes.VarChar) { IsPrimary = true, ElementTypeParams = new Dictionary<string, int> { ["max_length"] = 64 } },
        new MilvusField("vector", MilvusDataTypes.FloatVector) { ElementTypeParams = new Dictionary<string, int> { ["dim"] = Dimensions } },
        new MilvusField("title", MilvusDataTypes.VarChar) { ElementTypeParams = new Dictionary<string, int> { ["max_length"] = 256 } },
        new MilvusField("price", MilvusDataTypes.Double) { Nullable = true },
    ]);

    private static readonly MilvusIndex Index = new("vector", "vector", "COSINE", new Dictionary<string, object> { ["index_type"] = "HNSW", ["M"] = 16, ["efConstruction"] = 200 });

    private sealed record Row(string ItemId, float[] Vector, string Title, double? Price);

    private static float[] Axis(int axis, float tilt = 0)
    {
        var vector = new float[Dimensions];
        vector[axis % Dimensions] = 1;
        vector[(axis + 1) % Dimensions] = tilt;
        return vector;
    }

    private async Task<string> CreateLoadedAsync(params Row[] rows)
    {
        var name = NewName();
        await Client.CreateCollectionAsync(name, Schema(), [Index], TestContext.Current.CancellationToken);
        await Client.LoadAndWaitAsync(name, TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);
        if (rows.Length > 0)
        {
            await Client.UpsertAsync(name, rows, TestContext.Current.CancellationToken);
        }

        return name;
    }

    // Milvus REST v2, Create collection: with indexParams the server indexes and loads in the same call; describe's params values are strings.
    [Fact]
    public async Task A_created_collection_is_described_with_its_schema_and_loaded()
    {
        var name = await CreateLoadedAsync();

        var description = await Client.DescribeCollectionAsync(name, TestContext.Current.CancellationToken);

        Assert.True(await Client.HasCollectionAsync(name, TestContext.Current.CancellationToken));
        Assert.Equal(MilvusLoadStates.Loaded, await Client.GetLoadStateAsync(name, TestContext.Current.CancellationToken));
        Assert.Equal(["itemId", "vector", "title", "price"], description.Fields.Select(f => f.Name));
        Assert.True(description.Fields[0].PrimaryKey);
        Assert.Equal("8", description.Fields[1].Params["dim"]);
    }

    // Milvus REST v2, Get by id: the body key is literally "id"; the reply has the query shape.
    [Fact]
    public async Task Upserted_rows_are_returned_by_get_and_missing_ids_are_absent()
    {
        var name = await CreateLoadedAsync(new Row("a", Axis(0), "Alpha", 1.5), new Row("b", Axis(1), "Beta", null));

        var rows = await Client.GetAsync(name, ["a", "b", "zzz"], ["title", "price"], TestContext.Current.CancellationToken);

        Assert.Equal(2, rows.Count);
        var alpha = rows.Single(r => r.GetProperty("itemId").GetString() == "a");
        Assert.Equal("Alpha", alpha.GetProperty("title").GetString());
        Assert.Equal(1.5, alpha.GetProperty("price").GetDouble());
    }

    // Milvus REST v2, Insert / upsert: upsert replaces the row with the same primary key.
    [Fact]
    public async Task Upserting_an_existing_id_replaces_the_row()
    {
        var name = await CreateLoadedAsync(new Row("a", Axis(0), "Old", null));

        await Client.UpsertAsync(name, [new Row("a", Axis(3), "New", 2)], TestContext.Current.CancellationToken);

        var rows = await Client.QueryAsync(name, MilvusFilter.Equal("itemId", "a"), ["title"], limit: 10, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal("New", Assert.Single(rows).GetProperty("title").GetString());
        var hit = (await Client.SearchAsync(name, [Axis(3)], new() { AnnsField = "vector", Limit = 1 }, TestContext.Current.CancellationToken))[0][0];
        Assert.Equal("a", hit.GetString("itemId"));
    }

    // Milvus REST v2, Search: "distance" is the metric score; for COSINE higher means more similar.
    [Fact]
    public async Task Search_returns_the_nearest_rows_first_with_cosine_similarity_as_distance()
    {
        var name = await CreateLoadedAsync(new Row("x0", Axis(0), "zero", null), new Row("x1", Axis(1), "one", null), new Row("x0b", Axis(0, 0.5f), "zero-ish", null));

        var hits = (await Client.SearchAsync(name, [Axis(0)], new() { AnnsField = "vector", Limit = 2, OutputFields = ["title"] }, TestContext.Current.CancellationToken))[0];

        Assert.Equal(["x0", "x0b"], hits.Select(h => h.GetString("itemId")));
        Assert.Equal(1f, hits[0].Distance, 3);
        Assert.Equal(1 / MathF.Sqrt(1.25f), hits[1].Distance, 3);
        Assert.Equal("zero", hits[0].GetString("title"));
    }

    // Milvus REST v2, Search: a hit carries the primary key and the outputFields asked for, and no other field.
    [Fact]
    public async Task A_search_hit_carries_only_the_requested_output_fields()
    {
        var name = await CreateLoadedAsync(new Row("x0", Axis(0), "zero", 12.5), new Row("x1", Axis(1), "one", 3));

        var hit = (await Client.SearchAsync(name, [Axis(0)], new() { AnnsField = "vector", Limit = 1, OutputFields = ["price"] }, TestContext.Current.CancellationToken))[0][0];

        Assert.Equal("x0", hit.GetString("itemId"));
        Assert.Equal(12.5, hit.Entity.GetProperty("price").GetDouble());
        Assert.False(hit.Entity.TryGetProperty("title", out _));
    }

    // Milvus REST v2, Search: data is one flat list across all query vectors, split by topks (2.5.5+).
    [Fact]
    public async Task A_search_with_many_vectors_returns_one_list_per_vector()
    {
        var name = await CreateLoadedAsync(new Row("x0", Axis(0), "zero", null), new Row("x1", Axis(1), "one", null), new Row("x2", Axis(2), "two", null));

        var results = await Client.SearchAsync(name, [Axis(2), Axis(0)], new() { AnnsField = "vector", Limit = 1 }, TestContext.Current.CancellationToken);

        Assert.Equal(["x2", "x0"], results.Select(r => Assert.Single(r).GetString("itemId")));
    }

    [Fact]
    public async Task A_search_filter_excludes_rows_that_do_not_match()
    {
        var name = await CreateLoadedAsync(new Row("x0", Axis(0), "zero", null), new Row("x0b", Axis(0, 0.1f), "zero-b", null), new Row("x1", Axis(1), "one", null));

        var hits = (await Client.SearchAsync(name, [Axis(0)],
            new() { AnnsField = "vector", Limit = 10, Filter = MilvusFilter.NotIn("itemId", ["x0"]), Ef = 64 }, TestContext.Current.CancellationToken))[0];

        Assert.DoesNotContain("x0", hits.Select(h => h.GetString("itemId")));
        Assert.Equal("x0b", hits[0].GetString("itemId"));
    }

    // Milvus REST v2, Query: outputFields ["count(*)"] gives a count.
    [Fact]
    public async Task Query_with_count_star_counts_matching_rows()
    {
        var name = await CreateLoadedAsync(new Row("a", Axis(0), "A", 1), new Row("b", Axis(1), "B", 5), new Row("c", Axis(2), "C", 9));

        var rows = await Client.QueryAsync(name, "price > 2", ["count(*)"], limit: 0 + 1, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(2, Assert.Single(rows).GetProperty("count(*)").GetInt64());
    }

    // Milvus REST v2, Delete: a filter is required; "pk in [...]" deletes by id.
    [Fact]
    public async Task Delete_by_filter_removes_the_rows()
    {
        var name = await CreateLoadedAsync(new Row("a", Axis(0), "A", null), new Row("b", Axis(1), "B", null));

        await Client.DeleteAsync(name, MilvusFilter.In("itemId", ["a"]), TestContext.Current.CancellationToken);

        var rows = await Client.GetAsync(name, ["a", "b"], ["title"], TestContext.Current.CancellationToken);
        Assert.Equal(["b"], rows.Select(r => r.GetProperty("itemId").GetString()));
    }

    [Fact]
    public async Task Ids_with_quotes_and_backslashes_are_escaped_in_filters()
    {
        const string awkward = "a\"b\\c'd";
        var name = await CreateLoadedAsync(new Row(awkward, Axis(0), "Awkward", null), new Row("plain", Axis(1), "Plain", null));

        var matched = await Client.QueryAsync(name, MilvusFilter.In("itemId", [awkward]), ["title"], limit: 10, cancellationToken: TestContext.Current.CancellationToken);
        var injected = await Client.QueryAsync(name, MilvusFilter.Equal("itemId", "x\" or itemId != \""), ["title"], limit: 10, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal("Awkward", Assert.Single(matched).GetProperty("title").GetString());
        Assert.Empty(injected);
    }

    private sealed record ShopRow(string ItemId, float[] Vector, string[] Categories, string? Brand, double? Price);

    // Milvus boolean expressions: ARRAY_CONTAINS_ANY on an array field, equality, and a range that a null never meets, joined by "and".
    [Fact]
    public async Task A_shop_filter_of_categories_brand_and_price_range_matches_only_rows_meeting_every_part()
    {
        var name = NewName();
        var schema = new MilvusCollectionSchema(
        [
            new MilvusField("itemId", MilvusDataTypes.VarChar) { IsPrimary = true, ElementTypeParams = new Dictionary<string, int> { ["max_length"] = 64 } },
            new MilvusField("vector", MilvusDataTypes.FloatVector) { ElementTypeParams = new Dictionary<string, int> { ["dim"] = Dimensions } },
            new MilvusField("categories", MilvusDataTypes.Array)
            {
                ElementDataType = MilvusDataTypes.VarChar,
                ElementTypeParams = new Dictionary<string, int> { ["max_length"] = 64, ["max_capacity"] = 4 },
            },
            new MilvusField("brand", MilvusDataTypes.VarChar) { ElementTypeParams = new Dictionary<string, int> { ["max_length"] = 64 }, Nullable = true },
            new MilvusField("price", MilvusDataTypes.Double) { Nullable = true },
        ]);
        await Client.CreateCollectionAsync(name, schema, [Index], TestContext.Current.CancellationToken);
        await Client.LoadAndWaitAsync(name, TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);
        await Client.UpsertAsync(name, new ShopRow[]
        {
            new("match", Axis(0), ["Tools", "Saws"], "Acme \"Pro\"", 25),
            new("other-category", Axis(1), ["Tools", "Glue"], "Acme \"Pro\"", 25),
            new("other-brand", Axis(2), ["Saws"], "Other", 25),
            new("too-dear", Axis(3), ["Saws"], "Acme \"Pro\"", 80),
            new("no-price", Axis(4), ["Saws"], "Acme \"Pro\"", null),
            new("no-brand", Axis(5), ["Drills"], null, 10),
        }, TestContext.Current.CancellationToken);
        var filter = MilvusFilter.And(
            MilvusFilter.ContainsAny("categories", ["Saws", "Drills"]),
            MilvusFilter.In("brand", ["Acme \"Pro\""]),
            MilvusFilter.AtLeast("price", 9.5),
            MilvusFilter.AtMost("price", 30));

        var queried = await Client.QueryAsync(name, filter!, ["brand"], limit: 10, cancellationToken: TestContext.Current.CancellationToken);
        var searched = (await Client.SearchAsync(name, [Axis(3)], new() { AnnsField = "vector", Limit = 6, Filter = filter, Ef = 64 }, TestContext.Current.CancellationToken))[0];

        Assert.Equal(["match"], queried.Select(r => r.GetProperty("itemId").GetString()));
        Assert.Equal(["match"], searched.Select(h => h.GetString("itemId")));
    }

    // Milvus REST v2, Error envelope: failures are HTTP 200 with a non-zero code; 100 = collection not found.
    [Fact]
    public async Task A_missing_collection_is_an_error_with_code_100()
    {
        var error = await Assert.ThrowsAsync<MilvusException>(() =>
            Client.SearchAsync("missing_" + NewName(), [Axis(0)], new() { AnnsField = "vector" }, TestContext.Current.CancellationToken));

        Assert.Equal(MilvusErrorCodes.CollectionNotFound, error.Code);
        Assert.Equal(200, error.HttpStatus);
    }

    // Milvus REST v2, Insert / upsert: each row is checked against the schema; bad data is code 1804.
    [Fact]
    public async Task A_row_with_the_wrong_dimension_is_rejected_with_code_1804_and_nothing_is_stored()
    {
        var name = await CreateLoadedAsync();

        var error = await Assert.ThrowsAsync<MilvusException>(() =>
            Client.UpsertAsync(name, [new Row("ok", Axis(0), "Fine", null), new Row("bad", new float[3], "Bad", null)], TestContext.Current.CancellationToken));

        Assert.Equal(MilvusErrorCodes.BadInsertData, error.Code);
        Assert.Empty(await Client.GetAsync(name, ["ok", "bad"], ["title"], TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task An_alias_resolves_to_its_collection_and_can_be_switched()
    {
        var first = await CreateLoadedAsync(new Row("old", Axis(0), "Old", null));
        var second = await CreateLoadedAsync(new Row("new", Axis(0), "New", null));
        var alias = NewName();

        await Client.CreateAliasAsync(alias, first, TestContext.Current.CancellationToken);
        var before = (await Client.SearchAsync(alias, [Axis(0)], new() { AnnsField = "vector", Limit = 1 }, TestContext.Current.CancellationToken))[0][0];
        await Client.AlterAliasAsync(alias, second, TestContext.Current.CancellationToken);
        var after = (await Client.SearchAsync(alias, [Axis(0)], new() { AnnsField = "vector", Limit = 1 }, TestContext.Current.CancellationToken))[0][0];

        Assert.Equal("old", before.GetString("itemId"));
        Assert.Equal("new", after.GetString("itemId"));
        Assert.Equal(second, await Client.DescribeAliasAsync(alias, TestContext.Current.CancellationToken));
        Assert.Null(await Client.DescribeAliasAsync("no_such_alias_" + NewName(), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_dropped_collection_is_gone()
    {
        var name = await CreateLoadedAsync(new Row("a", Axis(0), "A", null));

        await Client.DropCollectionAsync(name, TestContext.Current.CancellationToken);

        Assert.False(await Client.HasCollectionAsync(name, TestContext.Current.CancellationToken));
        Assert.DoesNotContain(name, await Client.ListCollectionsAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Batched_upserts_store_every_row()
    {
        var name = await CreateLoadedAsync();
        var rows = Enumerable.Range(0, 2_500).Select(i => new Row($"r{i}", Axis(i, i / 2500f), $"Row {i}", i)).ToList();

        var stored = await Client.UpsertInBatchesAsync(name, rows, TestContext.Current.CancellationToken);

        Assert.Equal(2_500, stored);
        var count = await Client.QueryAsync(name, "price >= 0", ["count(*)"], limit: 1, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(2_500, count[0].GetProperty("count(*)").GetInt64());
    }
    // ---- users and roles (Milvus REST v2 users/* and roles/*; a real server needs common.security.authorizationEnabled) ----

    private static readonly MilvusGrant[] ReadGrants =
        [new("Collection", "*", "Search"), new("Collection", "*", "Query"), new("Global", "*", "ShowCollections")];

    private static MilvusUserSpec NewReader() => new(
        "u_" + Guid.NewGuid().ToString("N")[..12], "Pw1_" + Guid.NewGuid().ToString("N")[..20], "r_" + Guid.NewGuid().ToString("N")[..12], ReadGrants);

    [Fact]
    public async Task A_user_with_read_grants_can_search_and_get_but_cannot_write_or_drop()
    {
        var name = await CreateLoadedAsync(new Row("a", Axis(0), "Alpha", 1));
        var spec = NewReader();
        await Client.EnsureUserAsync(spec, TestContext.Current.CancellationToken);
        using var reader = Client.ForUser(spec.UserName, spec.Password);

        var hits = await reader.SearchAsync(name, [Axis(0)], new() { AnnsField = "vector", Limit = 1 }, TestContext.Current.CancellationToken);
        var rows = await reader.GetAsync(name, ["a"], ["title"], TestContext.Current.CancellationToken);
        var upsert = await Assert.ThrowsAsync<MilvusException>(() => reader.UpsertAsync(name, [new Row("b", Axis(1), "Beta", null)], TestContext.Current.CancellationToken));
        await Assert.ThrowsAsync<MilvusException>(() => reader.DropCollectionAsync(name, TestContext.Current.CancellationToken));

        Assert.Equal("a", Assert.Single(hits[0]).GetString("itemId"));
        Assert.Single(rows);
        Assert.False(upsert.IsTransient);
        Assert.True(await Client.HasCollectionAsync(name, TestContext.Current.CancellationToken));
        Assert.Single(await Client.GetAsync(name, ["a", "b"], ["title"], TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_user_who_is_not_an_administrator_cannot_create_users()
    {
        var spec = NewReader();
        await Client.EnsureUserAsync(spec, TestContext.Current.CancellationToken);
        using var reader = Client.ForUser(spec.UserName, spec.Password);

        await Assert.ThrowsAsync<MilvusException>(() => reader.CreateUserAsync(spec.UserName + "_2", spec.Password, TestContext.Current.CancellationToken));

        Assert.DoesNotContain(spec.UserName + "_2", await Client.ListUsersAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Ensuring_a_user_a_second_time_changes_nothing()
    {
        var spec = NewReader();

        var first = await Client.EnsureUserAsync(spec, TestContext.Current.CancellationToken);
        var second = await Client.EnsureUserAsync(spec, TestContext.Current.CancellationToken);

        Assert.Contains($"created user {spec.UserName}", first);
        Assert.Empty(second);
        Assert.Equal([spec.RoleName], (await Client.DescribeUserAsync(spec.UserName, TestContext.Current.CancellationToken)).Where(r => r != "public"));
    }

    [Fact]
    public async Task A_changed_password_recreates_the_user_and_the_old_password_no_longer_signs_in()
    {
        var spec = NewReader();
        await Client.EnsureUserAsync(spec, TestContext.Current.CancellationToken);
        var rotated = spec with { Password = "Pw2_" + Guid.NewGuid().ToString("N")[..20] };

        var changes = await Client.EnsureUserAsync(rotated, TestContext.Current.CancellationToken);

        Assert.Contains($"created user {spec.UserName} again with the new password", changes);
        using var renewed = Client.ForUser(rotated.UserName, rotated.Password);
        await renewed.ListCollectionsAsync(TestContext.Current.CancellationToken);
        using var old = Client.ForUser(spec.UserName, spec.Password);
        var error = await Assert.ThrowsAsync<MilvusException>(() => old.ListCollectionsAsync(TestContext.Current.CancellationToken));
        Assert.True(error.Code == MilvusErrorCodes.NotAuthenticated || error.HttpStatus == 401, error.Message);
    }

    [Fact]
    public async Task Privileges_and_roles_beyond_the_spec_are_taken_away()
    {
        var spec = NewReader();
        await Client.EnsureUserAsync(spec, TestContext.Current.CancellationToken);
        await Client.GrantPrivilegeAsync(spec.RoleName, new("Collection", "*", "Insert"), TestContext.Current.CancellationToken);
        await Client.GrantRoleAsync(spec.UserName, "admin", TestContext.Current.CancellationToken);

        var changes = await Client.EnsureUserAsync(spec, TestContext.Current.CancellationToken);

        Assert.Equal(2, changes.Count);
        Assert.Equal(
            ReadGrants.OrderBy(g => g.Privilege, StringComparer.Ordinal),
            (await Client.DescribeRoleAsync(spec.RoleName, TestContext.Current.CancellationToken)).OrderBy(g => g.Privilege, StringComparer.Ordinal));
        Assert.DoesNotContain("admin", await Client.DescribeUserAsync(spec.UserName, TestContext.Current.CancellationToken));
    }
}
