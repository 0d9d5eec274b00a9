namespace Nebula.Catalog.Reading;

/// <summary>The catalogue file is not in any format Nebula reads (or not in the one that was asked for).</summary>
public sealed class CatalogFormatException : Exception
{
    public CatalogFormatException()
    {
    }

    public CatalogFormatException(string message)
        : base(message)
    {
    }

    public CatalogFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
