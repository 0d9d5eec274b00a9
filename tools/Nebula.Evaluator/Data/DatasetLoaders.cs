using System.Globalization;
using System.Text;
using Nebula.Catalog.Reading;

namespace Nebula.Evaluator.Data;

/// <summary>Reads the four input shapes the evaluator takes.</summary>
public static class DatasetLoaders
{
    /// <summary>The event type of sources that have none (a review, a rating, a listed next item).</summary>
    public const string DefaultType = "click";

    /// <summary>
    /// UniSRec files (<c>name.text</c>, <c>name.item2index</c>, <c>name.user2index</c>, <c>name.test.inter</c>): each
    /// test row is a user's whole history and held-out last item, which together give the full sequence.
    /// </summary>
    public static InteractionDataset UniSRec(string directory, string name)
    {
        var items = ReadCatalog(Path.Combine(directory, $"{name}.text"), CatalogFormat.UniSrecText);
        var itemIds = ReadIndex(Path.Combine(directory, $"{name}.item2index"));
        var userIds = ReadIndex(Path.Combine(directory, $"{name}.user2index"));
        var users = new List<UserHistory>();
        foreach (var line in File.ReadLines(Path.Combine(directory, $"{name}.test.inter")).Skip(1))
        {
            var fields = line.Split('\t');
            if (fields.Length != 3)
            {
                throw new FormatException($"{name}.test.inter: expected user, history and item, got '{line}'.");
            }

            var sequence = fields[1].Split(' ', StringSplitOptions.RemoveEmptyEntries).Append(fields[2])
                .Select((index, position) => new Interaction(itemIds[int.Parse(index, CultureInfo.InvariantCulture)],
                    InteractionDataset.SyntheticStart + position * InteractionDataset.SyntheticSpacing, DefaultType))
                .ToArray();
            users.Add(new UserHistory(userIds[int.Parse(fields[0], CultureInfo.InvariantCulture)], sequence));
        }

        return new InteractionDataset(name, items, users, HasTimestamps: false, directory);
    }

    /// <summary>MovieLens csv: ratings (<c>userId,movieId,rating,timestamp</c>) and movies (<c>movieId,title,genres</c>); item text = title + genres.</summary>
    public static InteractionDataset MovieLens(string name, string moviesPath, params string[] ratingsPaths)
    {
        var items = new List<CatalogItem>();
        foreach (var fields in ReadCsv(moviesPath).Skip(1))
        {
            var genres = fields[2] == "(no genres listed)" ? [] : fields[2].Split('|');
            items.Add(new CatalogItem(fields[0], fields[1], null, genres, null, null, null));
        }

        var rejected = 0;
        var interactions = new List<(string, string, DateTimeOffset, string)>();
        foreach (var fields in ratingsPaths.SelectMany(path => ReadCsv(path).Skip(1)))
        {
            if (fields.Length >= 4 && long.TryParse(fields[3], NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds))
            {
                interactions.Add((fields[0], fields[1], DateTimeOffset.FromUnixTimeSeconds(seconds), DefaultType));
            }
            else
            {
                rejected++;
            }
        }

        return new InteractionDataset(name, items, Group(interactions), HasTimestamps: true, moviesPath, rejected);
    }

    /// <summary>
    /// Amazon 2018: the category's metadata (<c>meta_*.json.gz</c>, read as the Embedder reads it) and its 5-core
    /// reviews (<c>*_5.json.gz</c>: reviewerID, asin, unixReviewTime), each review an event. A review whose fields
    /// are missing is counted as rejected.
    /// </summary>
    public static InteractionDataset Amazon2018Reviews(string name, string metadataPath, string reviewsPath)
    {
        var items = ReadCatalog(metadataPath, CatalogFormat.Amazon2018);
        var rejected = 0;
        var interactions = new List<(string, string, DateTimeOffset, string)>();
        using var reviews = new StreamReader(new System.IO.Compression.GZipStream(File.OpenRead(reviewsPath), System.IO.Compression.CompressionMode.Decompress));
        while (reviews.ReadLine() is { } line)
        {
            if (line.Length == 0)
            {
                continue;
            }

            using var review = System.Text.Json.JsonDocument.Parse(line);
            var root = review.RootElement;
            if (root.TryGetProperty("reviewerID", out var user) && user.GetString() is { Length: > 0 } userId
                && root.TryGetProperty("asin", out var asin) && asin.GetString() is { Length: > 0 } itemId
                && root.TryGetProperty("unixReviewTime", out var time) && time.TryGetInt64(out var seconds))
            {
                interactions.Add((userId, itemId, DateTimeOffset.FromUnixTimeSeconds(seconds), DefaultType));
            }
            else
            {
                rejected++;
            }
        }

        return new InteractionDataset(name, items, Group(interactions), HasTimestamps: true, reviewsPath, rejected);
    }

    /// <summary>Any catalogue the Embedder reads, and interactions as csv: <c>userId,itemId,timestamp[,type]</c> (unix seconds or ISO 8601).</summary>
    public static InteractionDataset Generic(string name, string catalogPath, string interactionsPath)
    {
        var items = ReadCatalog(catalogPath, CatalogFormat.Auto);
        var rows = ReadCsv(interactionsPath).ToList();
        var header = rows.Count > 0 && (rows[0].Length < 3 || !TryParseTime(rows[0][2], out _));
        var rejected = 0;
        var interactions = new List<(string, string, DateTimeOffset, string)>();
        foreach (var fields in rows.Skip(header ? 1 : 0))
        {
            if (fields.Length >= 3 && fields[0].Length > 0 && fields[1].Length > 0 && TryParseTime(fields[2], out var at))
            {
                interactions.Add((fields[0], fields[1], at, fields.Length > 3 && fields[3].Length > 0 ? fields[3] : DefaultType));
            }
            else
            {
                rejected++;
            }
        }

        return new InteractionDataset(name, items, Group(interactions), HasTimestamps: true, interactionsPath, rejected);
    }

    private static bool TryParseTime(string value, out DateTimeOffset at)
    {
        if (long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds))
        {
            at = DateTimeOffset.FromUnixTimeSeconds(seconds);
            return true;
        }

        return DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out at);
    }

    private static List<UserHistory> Group(IEnumerable<(string User, string Item, DateTimeOffset At, string Type)> interactions) =>
        [.. interactions
            .Select((interaction, order) => (interaction, order))
            .GroupBy(x => x.interaction.User, StringComparer.Ordinal)
            .Select(user => new UserHistory(user.Key, [.. user
                .OrderBy(x => x.interaction.At).ThenBy(x => x.order)
                .Select(x => new Interaction(x.interaction.Item, x.interaction.At, x.interaction.Type))]))];

    private static List<CatalogItem> ReadCatalog(string path, CatalogFormat format)
    {
        var items = new Dictionary<string, CatalogItem>(StringComparer.Ordinal);
        foreach (var row in CatalogReader.Read(path, new CatalogReaderOptions { Format = format }))
        {
            if (row.Item is { } item)
            {
                items[item.ItemId] = item;
            }
        }

        return [.. items.Values];
    }

    private static Dictionary<int, string> ReadIndex(string path) =>
        File.ReadLines(path)
            .Select(line => line.Split('\t'))
            .Where(fields => fields.Length == 2 && int.TryParse(fields[1], CultureInfo.InvariantCulture, out _))
            .ToDictionary(fields => int.Parse(fields[1], CultureInfo.InvariantCulture), fields => fields[0]);

    /// <summary>RFC 4180 csv: quoted fields may hold commas and doubled quotes (MovieLens titles do).</summary>
    public static IEnumerable<string[]> ReadCsv(string path)
    {
        foreach (var line in File.ReadLines(path))
        {
            if (line.Length > 0)
            {
                yield return SplitCsvLine(line);
            }
        }
    }

    public static string[] SplitCsvLine(string line)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else
            {
                field.Append(c);
            }
        }

        fields.Add(field.ToString());
        return [.. fields];
    }
}
