namespace Nebula.Benchmarks;

/// <summary>What <see cref="CatalogGenerator"/> wrote: rows, how many were broken on purpose and how, and how many are variants of a family.</summary>
public sealed class GeneratedCatalog(string path)
{
    public string Path { get; } = path;

    public int Rows { get; private set; }

    public int WithoutTitle { get; private set; }

    public int WithoutId { get; private set; }

    public int CutShort { get; private set; }

    public int InFamilies { get; private set; }

    /// <summary>Rows the Embedder should accept.</summary>
    public int Valid => Rows - WithoutTitle - WithoutId - CutShort;

    public void Count(int broken, bool inFamily)
    {
        Rows++;
        WithoutTitle += broken == 0 ? 1 : 0;
        WithoutId += broken == 1 ? 1 : 0;
        CutShort += broken == 2 ? 1 : 0;
        InFamilies += inFamily ? 1 : 0;
    }

    public override string ToString() =>
        $"{Path}: {Rows:N0} rows ({Valid:N0} valid; broken on purpose: {WithoutTitle:N0} without a title, {WithoutId:N0} without an id, {CutShort:N0} cut short); " +
        $"{InFamilies:N0} are variants in a family of two or more; {new FileInfo(Path).Length / 1e6:0.0} MB";
}
