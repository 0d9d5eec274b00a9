namespace Nebula.Catalog.Reading;

/// <summary>A row that could not be read, with its 1-based line number and a short excerpt for the report.</summary>
public sealed record CatalogRowRejection(long LineNumber, CatalogRejectionReason Reason, string Detail, string Excerpt);
