namespace Nebula.Milvus.Access;

/// <summary>
/// Makes a server hold a <see cref="MilvusUserSpec"/>: creates the role and the user when missing, grants what the role
/// lacks and revokes what it holds beyond the spec, and takes from the user every other role. Run again, it changes
/// nothing. A user whose password no longer signs in (the secret was rotated) is dropped and created again, since only
/// the user can change their own password in Milvus.
/// </summary>
public static class MilvusAccessProvisioner
{
    /// <summary>Brings the server to <paramref name="spec"/> through <paramref name="admin"/> (a client with the right to manage users); returns what it changed.</summary>
    public static async Task<IReadOnlyList<string>> EnsureUserAsync(this MilvusClient admin, MilvusUserSpec spec, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(admin);
        ArgumentNullException.ThrowIfNull(spec);
        var changes = new List<string>();

        if (!(await admin.ListRolesAsync(cancellationToken).ConfigureAwait(false)).Contains(spec.RoleName, StringComparer.Ordinal))
        {
            await admin.CreateRoleAsync(spec.RoleName, cancellationToken).ConfigureAwait(false);
            changes.Add($"created role {spec.RoleName}");
        }

        var held = await admin.DescribeRoleAsync(spec.RoleName, cancellationToken).ConfigureAwait(false);
        foreach (var grant in spec.Grants.Except(held))
        {
            await admin.GrantPrivilegeAsync(spec.RoleName, grant, cancellationToken).ConfigureAwait(false);
            changes.Add($"granted {grant.Privilege} on {grant.ObjectType} {grant.ObjectName} to {spec.RoleName}");
        }

        foreach (var grant in held.Except(spec.Grants))
        {
            await admin.RevokePrivilegeAsync(spec.RoleName, grant, cancellationToken).ConfigureAwait(false);
            changes.Add($"revoked {grant.Privilege} on {grant.ObjectType} {grant.ObjectName} from {spec.RoleName}");
        }

        if ((await admin.ListUsersAsync(cancellationToken).ConfigureAwait(false)).Contains(spec.UserName, StringComparer.Ordinal))
        {
            if (!await SignsInAsync(admin, spec, cancellationToken).ConfigureAwait(false))
            {
                await admin.DropUserAsync(spec.UserName, cancellationToken).ConfigureAwait(false);
                await admin.CreateUserAsync(spec.UserName, spec.Password, cancellationToken).ConfigureAwait(false);
                changes.Add($"created user {spec.UserName} again with the new password");
            }
        }
        else
        {
            await admin.CreateUserAsync(spec.UserName, spec.Password, cancellationToken).ConfigureAwait(false);
            changes.Add($"created user {spec.UserName}");
        }

        var roles = await admin.DescribeUserAsync(spec.UserName, cancellationToken).ConfigureAwait(false);
        if (!roles.Contains(spec.RoleName, StringComparer.Ordinal))
        {
            await admin.GrantRoleAsync(spec.UserName, spec.RoleName, cancellationToken).ConfigureAwait(false);
            changes.Add($"granted role {spec.RoleName} to {spec.UserName}");
        }

        // Milvus gives every user the public role implicitly; it is not the spec's to take away.
        foreach (var other in roles.Where(r => r != spec.RoleName && r != "public"))
        {
            await admin.RevokeRoleAsync(spec.UserName, other, cancellationToken).ConfigureAwait(false);
            changes.Add($"revoked role {other} from {spec.UserName}");
        }

        return changes;
    }

    // Any answer but "not authenticated" proves the password (a refusal for want of a privilege comes after sign-in).
    private static async Task<bool> SignsInAsync(MilvusClient admin, MilvusUserSpec spec, CancellationToken cancellationToken)
    {
        using var user = admin.ForUser(spec.UserName, spec.Password);
        try
        {
            await user.ListCollectionsAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (MilvusException e) when (e.Code == MilvusErrorCodes.NotAuthenticated || e.HttpStatus == 401)
        {
            return false;
        }
        catch (MilvusException)
        {
            return true;
        }
    }
}
