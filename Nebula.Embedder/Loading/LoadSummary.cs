using System.Globalization;
using System.Text;
using Nebula.Catalog.Reading;

namespace Nebula.Embedder.Loading;

/// <summary>What a run did, printed at the end.</summary>
internal sealed class LoadSummary
{
    public CatalogReport Report { get; } = new();

    public long Duplicates { get; set; }

    public long Embedded { get; set; }

    public long Skipped { get; set; }

    public long Stored { get; set; }

    public TimeSpan Elapsed { get; set; }

    public string Collection { get; set; } = "";

    public double ItemsPerSecond => Elapsed.TotalSeconds > 0 ? Report.Accepted / Elapsed.TotalSeconds : 0;

    public override string ToString()
    {
        var text = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        text.AppendLine(c, $"Catalogue loaded into '{Collection}' in {Elapsed.TotalSeconds:0.0} s ({ItemsPerSecond:0} items/s)");
        text.AppendLine(c, $"  rows read      {Report.Read,10:N0}");
        text.AppendLine(c, $"  rejected       {Report.Rejected,10:N0}");
        foreach (var (reason, count) in Report.RejectedByReason.OrderByDescending(r => r.Value))
        {
            text.AppendLine(c, $"    {reason,-16} {count,8:N0}");
        }

        text.AppendLine(c, $"  duplicate ids  {Duplicates,10:N0}  (the last row of an id wins)");
        text.AppendLine(c, $"  embedded       {Embedded,10:N0}");
        text.AppendLine(c, $"  skipped        {Skipped,10:N0}  (already stored with the same text)");
        text.Append(c, $"  stored         {Stored,10:N0}");
        foreach (var example in Report.Examples)
        {
            text.AppendLine().Append(c, $"  e.g. line {example.LineNumber}: {example.Reason}: {example.Detail} | {example.Excerpt}");
        }

        return text.ToString();
    }
}
