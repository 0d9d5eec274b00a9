namespace Nebula.Milvus;

/// <summary>The error codes of Milvus' <c>merr</c> package that clients act on.</summary>
public static class MilvusErrorCodes
{
    public const int ServiceNotReady = 1;
    public const int RateLimit = 8;
    public const int QuotaExceeded = 9;
    public const int CollectionNotFound = 100;
    public const int CollectionNotLoaded = 101;
    public const int IllegalSchema = 105;
    public const int IndexNotFound = 700;
    public const int IndexDuplicate = 702;
    public const int InvalidParameter = 1100;
    /// <summary>The caller's roles lack the privilege the call needs (HTTP 403).</summary>
    public const int PrivilegeNotPermitted = 1401;
    public const int NotAuthenticated = 1800;
    public const int JsonParseError = 1801;
    public const int MissingRequiredParameters = 1802;
    public const int BadInsertData = 1804;
    public const int RestRateLimit = 1807;

    /// <summary>An unexpected server error (Milvus' catch-all, also its answer to a duplicate collection name).</summary>
    public const int Unexpected = 65535;

    public static bool IsTransient(int code) => code is ServiceNotReady or RateLimit or QuotaExceeded or RestRateLimit;
}
