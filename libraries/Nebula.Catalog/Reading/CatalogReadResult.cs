namespace Nebula.Catalog.Reading;

/// <summary>One catalogue row: either an item or the reason it was rejected.</summary>
public readonly record struct CatalogReadResult(long LineNumber, CatalogItem? Item, CatalogRowRejection? Rejection)
{
    internal static CatalogReadResult Accepted(long lineNumber, CatalogItem item) => new(lineNumber, item, null);

    internal static CatalogReadResult Rejected(long lineNumber, CatalogRejectionReason reason, string detail, ReadOnlySpan<byte> line)
        => new(lineNumber, null, new CatalogRowRejection(lineNumber, reason, detail, CatalogReport.Excerpt(line)));
}
