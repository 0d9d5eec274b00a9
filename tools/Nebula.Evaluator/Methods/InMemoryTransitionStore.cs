using Nebula.Core.Recommendations;

namespace Nebula.Evaluator.Methods;

/// <summary>
/// The worker's transition store (a Redis sorted set per item plus its total), in memory with the same rules:
/// after each update only the <see cref="BlendOptions.TransitionsKept"/> strongest links stay (ZREMRANGEBYRANK drops
/// the lowest scores, ties by the smaller member first), and a read returns the strongest
/// <see cref="BlendOptions.TransitionCandidates"/> (ZREVRANGE: highest first, ties by the larger member first).
/// </summary>
public sealed class InMemoryTransitionStore(BlendOptions options)
{
    private readonly Dictionary<string, (Dictionary<string, double> Links, double Total)> _rows = new(StringComparer.Ordinal);

    public void Add(TransitionIncrement increment)
    {
        var (links, total) = _rows.TryGetValue(increment.From, out var row) ? row : (new Dictionary<string, double>(StringComparer.Ordinal), 0);
        links[increment.To] = links.GetValueOrDefault(increment.To) + increment.Weight;
        if (links.Count > options.TransitionsKept)
        {
            var weakest = links.OrderBy(link => link.Value).ThenBy(link => link.Key, StringComparer.Ordinal).First();
            links.Remove(weakest.Key);
        }

        _rows[increment.From] = (links, total + increment.Weight);
    }

    public TransitionRow? Row(string from) =>
        _rows.TryGetValue(from, out var row)
            ? new TransitionRow(
                [.. row.Links.OrderByDescending(link => link.Value).ThenByDescending(link => link.Key, StringComparer.Ordinal).Take(options.TransitionCandidates)],
                row.Total)
            : null;
}
