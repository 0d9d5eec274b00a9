namespace Nebula.Milvus.Access;

/// <summary>
/// One privilege of a Milvus role: <paramref name="Privilege"/> (Milvus' case-sensitive name, e.g. <c>Search</c>) on
/// objects of <paramref name="ObjectType"/> (<c>Global</c>, <c>Collection</c>, <c>User</c>) named
/// <paramref name="ObjectName"/> (<c>*</c>: all of them; always <c>*</c> for Global).
/// </summary>
public sealed record MilvusGrant(string ObjectType, string ObjectName, string Privilege)
{
    public const string Global = "Global";
    public const string Collection = "Collection";
    public const string User = "User";

    /// <summary>Every object of the type (as an object name), or every privilege of it (as a privilege).</summary>
    public const string Every = "*";
}
