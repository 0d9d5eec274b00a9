using System.Text.Json;
using Nebula.Milvus.Access;
using Nebula.VectorService.Access;
using static Nebula.VectorService.Http.RequestReader;
using static Nebula.VectorService.Http.ResponseWriter;

namespace Nebula.VectorService.Http;

/// <summary>Milvus' <c>users/*</c> and <c>roles/*</c> routes over <see cref="AccessControl"/>, with Milvus' body and reply shapes.</summary>
internal static class AccessHandlers
{
    public static DataWriter? Handle(AccessControl access, string route, JsonElement body) => route switch
    {
        "users/list" => Strings("data", access.ListUsers()),
        "users/create" => Do(() => access.CreateUser(RequiredString(body, "userName"), RequiredString(body, "password"))),
        "users/drop" => Do(() => access.DropUser(RequiredString(body, "userName"))),
        "users/describe" => Strings("data", access.RolesOf(RequiredString(body, "userName"))),
        "users/update_password" => Do(() => access.UpdatePassword(
            RequiredString(body, "userName"), RequiredString(body, "password"), RequiredString(body, "newPassword"))),
        "users/grant_role" => Do(() => access.GrantRole(RequiredString(body, "userName"), RequiredString(body, "roleName"))),
        "users/revoke_role" => Do(() => access.RevokeRole(RequiredString(body, "userName"), RequiredString(body, "roleName"))),
        "roles/list" => Strings("data", access.ListRoles()),
        "roles/create" => Do(() => access.CreateRole(RequiredString(body, "roleName"))),
        "roles/drop" => Do(() => access.DropRole(RequiredString(body, "roleName"))),
        "roles/describe" => Grants(access.GrantsOf(RequiredString(body, "roleName"))),
        "roles/grant_privilege" => Do(() => access.GrantPrivilege(RequiredString(body, "roleName"), Grant(body))),
        "roles/revoke_privilege" => Do(() => access.RevokePrivilege(RequiredString(body, "roleName"), Grant(body))),
        _ => throw new KeyNotFoundException(route),
    };

    private static MilvusGrant Grant(JsonElement body)
        => new(RequiredString(body, "objectType"), RequiredString(body, "objectName"), RequiredString(body, "privilege"));

    // Milvus' describe-role shape: one object per grant.
    private static DataWriter Grants(IReadOnlyList<MilvusGrant> grants) => w =>
    {
        w.WriteStartArray("data");
        foreach (var grant in grants)
        {
            w.WriteStartObject();
            w.WriteString("objectType", grant.ObjectType);
            w.WriteString("objectName", grant.ObjectName);
            w.WriteString("privilege", grant.Privilege);
            w.WriteString("dbName", "default");
            w.WriteEndObject();
        }

        w.WriteEndArray();
    };
}
