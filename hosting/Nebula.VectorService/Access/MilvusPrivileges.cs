using Nebula.Milvus.Access;

namespace Nebula.VectorService.Access;

/// <summary>
/// Milvus' object types and privilege names (case-sensitive, as Milvus spells them), and the privilege each route
/// needs. Only these names can be granted, so a typo fails at grant time, not later as a refusal.
/// </summary>
internal static class MilvusPrivileges
{
    public const string Global = MilvusGrant.Global;
    public const string Collection = MilvusGrant.Collection;
    public const string User = MilvusGrant.User;

    /// <summary>Every privilege, on every object (Global only).</summary>
    public const string All = "All";

    /// <summary>Every privilege of the grant's object type.</summary>
    public const string Any = MilvusGrant.Every;

    private static readonly Dictionary<string, HashSet<string>> Names = new(StringComparer.Ordinal)
    {
        [Collection] = new(StringComparer.Ordinal)
        {
            "CreateIndex", "DropIndex", "IndexDetail", "Load", "GetLoadingProgress", "GetLoadState", "Release", "Insert",
            "Delete", "Upsert", "Search", "Flush", "GetFlushState", "Query", "GetStatistics", "Compaction", "Import",
            "LoadBalance", "CreatePartition", "DropPartition", "ShowPartitions", "HasPartition",
        },
        [Global] = new(StringComparer.Ordinal)
        {
            All, "CreateCollection", "DropCollection", "DescribeCollection", "ShowCollections", "RenameCollection", "FlushAll",
            "CreateOwnership", "DropOwnership", "SelectOwnership", "ManageOwnership", "CreateResourceGroup", "DropResourceGroup",
            "DescribeResourceGroup", "ListResourceGroups", "TransferNode", "TransferReplica", "CreateDatabase", "DropDatabase",
            "ListDatabases", "CreateAlias", "DropAlias", "DescribeAlias", "ListAliases",
        },
        [User] = new(StringComparer.Ordinal) { "UpdateUser", "SelectUser" },
    };

    /// <summary>What a user of the built-in <c>public</c> role (every user) may do, as in Milvus.</summary>
    public static readonly IReadOnlyList<MilvusGrant> PublicDefaults =
    [
        new(Global, Any, "DescribeCollection"),
        new(Global, Any, "ShowCollections"),
        new(Collection, Any, "IndexDetail"),
    ];

    /// <summary>The privilege a route needs, and which body field names its object; null for a route that is not Milvus'.</summary>
    public static RoutePrivilege? ForRoute(string route) => route switch
    {
        "collections/create" => new(Global, "CreateCollection"),
        "collections/has" or "collections/describe" => new(Global, "DescribeCollection"),
        "collections/list" => new(Global, "ShowCollections"),
        "collections/drop" => new(Global, "DropCollection"),
        "collections/load" => OnCollection("Load"),
        "collections/release" => OnCollection("Release"),
        "collections/get_load_state" => OnCollection("GetLoadState"),
        "collections/get_stats" => OnCollection("GetStatistics"),
        "indexes/create" => OnCollection("CreateIndex"),
        "indexes/describe" or "indexes/list" => OnCollection("IndexDetail"),
        "entities/insert" => OnCollection("Insert"),
        "entities/upsert" => OnCollection("Upsert"),
        "entities/search" => OnCollection("Search"),
        "entities/query" or "entities/get" => OnCollection("Query"),
        "entities/delete" => OnCollection("Delete"),
        "aliases/create" or "aliases/alter" => new(Global, "CreateAlias"),
        "aliases/drop" => new(Global, "DropAlias"),
        "aliases/list" => new(Global, "ListAliases"),
        "aliases/describe" => new(Global, "DescribeAlias"),
        "users/create" or "roles/create" => new(Global, "CreateOwnership"),
        "users/drop" or "roles/drop" => new(Global, "DropOwnership"),
        "users/list" or "roles/list" or "roles/describe" => new(Global, "SelectOwnership"),
        "users/grant_role" or "users/revoke_role" or "roles/grant_privilege" or "roles/revoke_privilege" => new(Global, "ManageOwnership"),
        // A user may always read and change their own account.
        "users/describe" => new(User, "SelectUser", "userName", SelfAllowed: true),
        "users/update_password" => new(User, "UpdateUser", "userName", SelfAllowed: true),
        _ => null,
    };

    /// <summary>Whether <paramref name="privilege"/> can be granted on <paramref name="objectType"/>.</summary>
    public static bool IsKnown(string objectType, string privilege)
        => Names.TryGetValue(objectType, out var names) && (privilege == Any || names.Contains(privilege));

    private static RoutePrivilege OnCollection(string privilege) => new(Collection, privilege, "collectionName");
}
