namespace Nebula.Milvus.Access;

/// <summary>
/// A Milvus user that should hold exactly one role, and that role exactly <paramref name="Grants"/>: what
/// <see cref="MilvusAccessProvisioner"/> makes true on a server.
/// </summary>
public sealed record MilvusUserSpec(string UserName, string Password, string RoleName, IReadOnlyList<MilvusGrant> Grants)
{
    /// <summary>Milvus' rule for user and role names: a letter, then up to 31 letters, digits or underscores.</summary>
    public const string NamePattern = "^[A-Za-z][A-Za-z0-9_]{0,31}$";

    /// <summary>The password lengths Milvus accepts (its defaults).</summary>
    public const int MinPasswordLength = 6;

    public const int MaxPasswordLength = 256;
}
