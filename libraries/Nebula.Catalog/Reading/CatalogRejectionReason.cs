namespace Nebula.Catalog.Reading;

/// <summary>Why a catalogue row was not turned into an item.</summary>
public enum CatalogRejectionReason
{
    /// <summary>The line is not valid in the file's format (bad syntax, truncated, wrong quotes).</summary>
    Malformed,

    /// <summary>The line holds bytes that are not UTF-8.</summary>
    InvalidUtf8,

    /// <summary>The line is longer than the configured maximum and was skipped without being held in memory.</summary>
    TooLong,

    /// <summary>The row parses but has no item id.</summary>
    MissingId,

    /// <summary>The row parses but has no title (nothing to embed or to show).</summary>
    MissingTitle,

    /// <summary>The item id is longer than the catalogue allows.</summary>
    IdTooLong,
}
