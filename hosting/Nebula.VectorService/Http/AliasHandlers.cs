using Nebula.VectorService.Collections;

namespace Nebula.VectorService.Http;

/// <summary><c>aliases/describe</c>; the other alias routes map straight onto <see cref="VectorStore"/>.</summary>
internal static class AliasHandlers
{
    public static DataWriter DescribeAlias(VectorStore store, string alias)
    {
        var target = store.DescribeAlias(alias);
        return w =>
        {
            w.WriteStartObject("data");
            w.WriteString("aliasName", alias);
            w.WriteString("collectionName", target);
            w.WriteString("dbName", "default");
            w.WriteEndObject();
        };
    }
}
