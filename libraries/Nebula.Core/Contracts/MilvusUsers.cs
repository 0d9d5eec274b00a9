namespace Nebula.Core.Contracts;

/// <summary>
/// The Milvus users Nebula's services sign in as. The Embedder signs in as the administrator (it creates, writes and
/// drops collections) and creates the reader; the Api and the StreamWorker sign in as the reader, which can only read.
/// </summary>
public static class MilvusUsers
{
    /// <summary>The read-only user (search, get, query and the metadata they need), given to the Api and the StreamWorker.</summary>
    public const string Reader = "nebula_reader";

    /// <summary>The reader's only role, holding exactly the reader's privileges.</summary>
    public const string ReaderRole = "nebula_read";
}
