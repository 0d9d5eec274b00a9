using System.Text;

namespace Nebula.Catalog.Reading;

/// <summary>Counts what a catalogue read produced: items, and rejected rows by reason with the first few kept as examples.</summary>
public sealed class CatalogReport(int maxExamples = CatalogReport.DefaultMaxExamples)
{
    public const int DefaultMaxExamples = 5;
    private const int ExcerptBytes = 120;

    private readonly Dictionary<CatalogRejectionReason, long> _rejectedByReason = [];
    private readonly List<CatalogRowRejection> _examples = [];

    public long Read { get; private set; }

    public long Accepted { get; private set; }

    public long Rejected => Read - Accepted;

    public IReadOnlyDictionary<CatalogRejectionReason, long> RejectedByReason => _rejectedByReason;

    /// <summary>The first rejected rows, in file order.</summary>
    public IReadOnlyList<CatalogRowRejection> Examples => _examples;

    public void Add(CatalogReadResult result)
    {
        Read++;
        if (result.Rejection is { } rejection)
        {
            _rejectedByReason[rejection.Reason] = _rejectedByReason.GetValueOrDefault(rejection.Reason) + 1;
            if (_examples.Count < maxExamples)
            {
                _examples.Add(rejection);
            }
        }
        else
        {
            Accepted++;
        }
    }

    internal static string Excerpt(ReadOnlySpan<byte> line)
    {
        var text = Encoding.UTF8.GetString(line[..Math.Min(line.Length, ExcerptBytes)]);
        return line.Length > ExcerptBytes ? text + "…" : text;
    }
}
