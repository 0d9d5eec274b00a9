namespace Nebula.Embedder.Loading;

/// <summary>The Embedder's process exit codes.</summary>
public static class ExitCodes
{
    public const int Success = 0;

    /// <summary>Milvus or the model failed, or the run was cancelled.</summary>
    public const int Failed = 1;

    /// <summary>A catalogue file is missing or in no format Nebula reads.</summary>
    public const int BadCatalog = 2;

    /// <summary>The existing collection does not have the items schema (run with --recreate).</summary>
    public const int SchemaMismatch = 3;

    /// <summary>A setting or switch is out of range (the message names it); nothing was read or written.</summary>
    public const int InvalidSettings = 4;
}
