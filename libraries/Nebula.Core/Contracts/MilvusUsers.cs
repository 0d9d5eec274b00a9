namespace Nebula.Core.Contracts;

/// <summary>
/// The Milvus users Nebula's services sign in as. The Embedder signs in as the administrator (it creates, writes and
/// drops collections) and creates the other two: the StreamWorker signs in as the reader, which can only read; the Api
/// as the editor, which can also upsert and delete rows (the admin routes that change one item) but neither create nor
/// drop a collection nor manage users.
/// </summary>
public static class MilvusUsers
{
    /// <summary>The read-only user (search, get, query and the metadata they need), given to the StreamWorker.</summary>
    public const string Reader = "nebula_reader";

    /// <summary>The reader's only role, holding exactly the reader's privileges.</summary>
    public const string ReaderRole = "nebula_read";

    /// <summary>The reader's privileges and row upserts and deletes, given to the Api.</summary>
    public const string Editor = "nebula_editor";

    /// <summary>The editor's only role.</summary>
    public const string EditorRole = "nebula_edit";
}
