namespace Nebula.Core.Contracts;

/// <summary>
/// The fields of the <c>items</c> collection in Milvus and their limits: the names every service reads and writes.
/// The collection's schema and index in Milvus' terms are built by the catalog library (<c>ItemsSchema</c>).
/// </summary>
public static class ItemFields
{
    public const string ItemId = "itemId";
    public const string Vector = "vector";
    public const string Title = "title";
    public const string Brand = "brand";
    public const string Categories = "categories";
    public const string Price = "price";
    public const string ImageUrl = "imageUrl";
    public const string TextHash = "textHash";

    /// <summary>Dimensions of <see cref="Vector"/>: all-MiniLM-L6-v2's embedding size.</summary>
    public const int VectorDimensions = 384;

    // Milvus counts VarChar max_length in bytes.
    public const int ItemIdMaxBytes = 64;
    public const int TitleMaxBytes = 2048;
    public const int BrandMaxBytes = 256;
    public const int CategoryMaxBytes = 256;
    public const int MaxCategories = 16;
    public const int ImageUrlMaxBytes = 1024;
    public const int TextHashMaxBytes = 32;

    /// <summary>Every scalar field, for <c>outputFields</c>.</summary>
    public static readonly IReadOnlyList<string> ScalarFields = [ItemId, Title, Brand, Categories, Price, ImageUrl, TextHash];
}
