namespace Nebula.Catalog.Reading;

/// <summary>How far a read has got in the file (compressed bytes for gzip), for progress bars and ETAs.</summary>
public sealed class CatalogReadProgress
{
    public CatalogFormat Format { get; internal set; }

    public long TotalBytes { get; internal set; }

    public long BytesRead { get; internal set; }

    public double Fraction => TotalBytes == 0 ? 0 : Math.Min(1, (double)BytesRead / TotalBytes);
}
