using Nebula.Evaluator.Data;

namespace Nebula.UnitTests.Evaluation;

public sealed class DatasetLoadersTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("nebula-eval-").FullName;

    [Fact]
    public void A_quoted_csv_field_keeps_its_commas_and_doubled_quotes()
    {
        Assert.Equal(["7", "American President, The (1995)", "Comedy|Drama"], DatasetLoaders.SplitCsvLine("7,\"American President, The (1995)\",Comedy|Drama"));
        Assert.Equal(["1", "a \"b\" c"], DatasetLoaders.SplitCsvLine("1,\"a \"\"b\"\" c\""));
    }

    [Fact]
    public void Movielens_histories_are_ordered_by_timestamp_and_item_text_is_title_and_genres()
    {
        var movies = Write("movies.csv", "movieId,title,genres\n1,Toy Story (1995),Adventure|Animation\n2,\"Heat, The (1995)\",(no genres listed)\n");
        var ratings = Write("ratings.csv", "userId,movieId,rating,timestamp\n5,2,4,200\n5,1,3,100\n");

        var dataset = DatasetLoaders.MovieLens("ml", movies, ratings);

        Assert.Equal(["1", "2"], dataset.Users.Single().Interactions.Select(i => i.ItemId));
        Assert.Equal(["Adventure", "Animation"], dataset.Items.Single(i => i.ItemId == "1").Categories);
        Assert.Empty(dataset.Items.Single(i => i.ItemId == "2").Categories);
        Assert.Equal("Heat, The (1995)", dataset.Items.Single(i => i.ItemId == "2").Title);
    }

    [Fact]
    public void Amazon_2018_reviews_become_events_in_time_order_and_a_review_without_a_time_is_counted_as_rejected()
    {
        var metadata = WriteGzip("meta.json.gz", "{\"asin\":\"A1\",\"title\":\"Card one\"}\n{\"asin\":\"B2\",\"title\":\"Card two\"}\n");
        var reviews = WriteGzip("reviews.json.gz",
            "{\"reviewerID\":\"u\",\"asin\":\"B2\",\"unixReviewTime\":200}\n{\"reviewerID\":\"u\",\"asin\":\"A1\",\"unixReviewTime\":100}\n{\"reviewerID\":\"v\",\"asin\":\"A1\"}\n");

        var dataset = DatasetLoaders.Amazon2018Reviews("gift", metadata, reviews);

        var history = Assert.Single(dataset.Users).Interactions;
        Assert.Equal(["A1", "B2"], history.Select(i => i.ItemId));
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(100), history[0].At);
        Assert.Equal(1, dataset.RejectedRows);
        Assert.Equal(2, dataset.Items.Count);
    }

    [Fact]
    public void A_generic_interactions_file_takes_iso_or_unix_times_and_an_optional_type()
    {
        var catalog = Write("catalog.json", "{\"asin\":\"A1\",\"title\":\"Beaker\"}\n{\"asin\":\"B2\",\"title\":\"Flask\"}\n");
        var interactions = Write("interactions.csv", "userId,itemId,timestamp,type\nu,B2,2024-01-02T00:00:00Z,purchase\nu,A1,1704067200\n");

        var dataset = DatasetLoaders.Generic("custom", catalog, interactions);

        var history = dataset.Users.Single().Interactions;
        Assert.Equal(["A1", "B2"], history.Select(i => i.ItemId));
        Assert.Equal(["click", "purchase"], history.Select(i => i.Type));
        Assert.Equal(2, dataset.Items.Count);
    }

    [Fact]
    public void Interaction_rows_that_cannot_be_read_are_counted_and_skipped()
    {
        var catalog = Write("catalog2.json", "{\"asin\":\"A1\",\"title\":\"Beaker\"}\n");
        var interactions = Write("interactions2.csv", "u,A1,1704067200\nu,A1\nv,A1,yesterday\nw,A1,1704067300,view\n");

        var dataset = DatasetLoaders.Generic("custom", catalog, interactions);

        Assert.Equal(2, dataset.RejectedRows);
        Assert.Equal(["u", "w"], dataset.Users.Select(user => user.UserId));
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string WriteGzip(string name, string content)
    {
        var path = Path.Combine(_directory, name);
        using var file = new System.IO.Compression.GZipStream(File.Create(path), System.IO.Compression.CompressionLevel.Fastest);
        file.Write(System.Text.Encoding.UTF8.GetBytes(content));
        return path;
    }

    private string Write(string name, string content)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, content);
        return path;
    }
}
