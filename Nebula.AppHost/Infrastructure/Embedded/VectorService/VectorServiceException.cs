namespace Nebula.AppHost.Infrastructure.Embedded.VectorService;

/// <summary>An error the vector service answers with Milvus' envelope: <c>{"code": Code, "message": Message}</c>.</summary>
internal sealed class VectorServiceException(int code, string message) : Exception(message)
{
    public int Code { get; } = code;

    // The codes Milvus uses for the same failures (pkg/util/merr).
    public const int CollectionNotFound = 100;
    public const int CollectionNotLoaded = 101;
    public const int IllegalSchema = 105;
    public const int InvalidParameter = 1100;
    public const int NotAuthenticated = 1800;
    public const int JsonParseError = 1801;
    public const int MissingRequiredParameters = 1802;
    public const int BadInsertData = 1804;
    public const int AliasNotFound = 1100;
    public const int CollectionExists = 65535;
    public const int Unexpected = 65535;
}
