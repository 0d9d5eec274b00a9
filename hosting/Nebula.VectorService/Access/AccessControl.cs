using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Nebula.Milvus;
using Nebula.Milvus.Access;

namespace Nebula.VectorService.Access;

/// <summary>
/// Milvus' role-based access control: users with passwords, roles holding grants, the built-in <c>admin</c> (everything)
/// and <c>public</c> (every user's) roles, and the superuser whose token the service was started with. Kept in
/// <c>access.json</c> beside the collections, so that users outlive a restart as they do in Milvus. Without a token
/// the service is open and every caller is the superuser.
/// </summary>
internal sealed partial class AccessControl
{
    public const string AdminRole = "admin";
    public const string PublicRole = "public";

    // PBKDF2 at OWASP's figure for HMAC-SHA256; verified once per credential and process (then cached), as Milvus caches its bcrypt checks.
    private const int HashIterations = 600_000;
    private static readonly JsonSerializerOptions FileJson = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    private readonly Lock _lock = new();
    private readonly string _path;
    private readonly string? _superUser;
    private readonly byte[]? _superToken;
    private readonly Dictionary<string, StoredUser> _users = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<MilvusGrant>> _roles = new(StringComparer.Ordinal);
    // SHA-256 of an Authorization header → the user it proved; emptied whenever a user or password changes.
    private readonly ConcurrentDictionary<string, string> _verified = new(StringComparer.Ordinal);

    private sealed record StoredUser(string Name, string Salt, string Hash, List<string> Roles);

    private sealed record StoredAccess(List<StoredUser> Users, Dictionary<string, List<MilvusGrant>> Roles);

    public AccessControl(VectorServiceOptions options)
    {
        _path = Path.Combine(options.DataDirectory, "access.json");
        if (options.Token is { Length: > 0 } token)
        {
            _superToken = Encoding.UTF8.GetBytes(token);
            _superUser = token.IndexOf(':', StringComparison.Ordinal) is > 0 and var colon ? token[..colon] : "root";
        }

        _roles[AdminRole] = [];
        _roles[PublicRole] = [.. MilvusPrivileges.PublicDefaults];
        if (File.Exists(_path))
        {
            var stored = JsonSerializer.Deserialize<StoredAccess>(File.ReadAllText(_path), FileJson)!;
            foreach (var user in stored.Users)
            {
                _users[user.Name] = user;
            }

            foreach (var (role, grants) in stored.Roles)
            {
                _roles[role] = grants;
            }
        }
    }

    /// <summary>Whether callers must authenticate (the service was given a token).</summary>
    public bool Enabled => _superToken is not null;

    /// <summary>The user an <c>Authorization</c> header proves (<c>Bearer user:password</c>, the superuser's token, or Basic), or null.</summary>
    public string? Authenticate(string? header)
    {
        if (_superToken is null)
        {
            return _superUser ?? "root";
        }

        if (string.IsNullOrEmpty(header))
        {
            return null;
        }

        var key = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(header)));
        if (_verified.TryGetValue(key, out var known))
        {
            return known;
        }

        string? credential = null;
        if (header.StartsWith("Bearer ", StringComparison.Ordinal))
        {
            credential = header["Bearer ".Length..];
        }
        else if (header.StartsWith("Basic ", StringComparison.Ordinal))
        {
            try
            {
                credential = Encoding.UTF8.GetString(Convert.FromBase64String(header["Basic ".Length..]));
            }
            catch (FormatException)
            {
                return null;
            }
        }

        if (credential is null)
        {
            return null;
        }

        // Constant time (for tokens of equal length), so that the time of a refusal does not tell how much of a guess was right.
        var user = CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(credential), _superToken) ? _superUser! : VerifyPassword(credential);
        if (user is not null)
        {
            _verified[key] = user;
        }

        return user;
    }

    /// <summary>Whether <paramref name="user"/> holds what <paramref name="need"/> asks, on <paramref name="objectNames"/> (a name and what it resolves to).</summary>
    public bool IsAllowed(string user, RoutePrivilege need, IReadOnlyCollection<string> objectNames)
    {
        if (user == _superUser || (need.SelfAllowed && objectNames.Contains(user)))
        {
            return true;
        }

        lock (_lock)
        {
            if (!_users.TryGetValue(user, out var stored))
            {
                return false;
            }

            foreach (var role in stored.Roles.Append(PublicRole).Distinct(StringComparer.Ordinal))
            {
                if (role == AdminRole)
                {
                    return true;
                }

                if (_roles.TryGetValue(role, out var grants) && grants.Any(g => Covers(g, need, objectNames)))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static bool Covers(MilvusGrant grant, RoutePrivilege need, IReadOnlyCollection<string> objectNames)
        => (grant.ObjectType == MilvusPrivileges.Global && grant.Privilege == MilvusPrivileges.All)
           || (grant.ObjectType == need.ObjectType
               && (grant.Privilege == need.Privilege || grant.Privilege == MilvusPrivileges.Any)
               && (grant.ObjectName == MilvusPrivileges.Any || objectNames.Contains(grant.ObjectName)));

    // ---- users ----

    public IReadOnlyList<string> ListUsers()
    {
        lock (_lock)
        {
            return [.. _users.Keys.Prepend(_superUser ?? "root").Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
        }
    }

    public void CreateUser(string name, string password)
    {
        RequireValidName(name, "user");
        RequireValidPassword(password);
        // Hashed before the lock: a derivation takes a third of a second, and every request's check takes the lock.
        var user = Hashed(name, password, []);
        lock (_lock)
        {
            if (name == _superUser || _users.ContainsKey(name))
            {
                throw new VectorServiceException(MilvusErrorCodes.Unexpected, $"user already exists: {name}");
            }

            _users[name] = user;
            Save();
        }
    }

    public void DropUser(string name)
    {
        lock (_lock)
        {
            if (name == _superUser)
            {
                throw new VectorServiceException(MilvusErrorCodes.InvalidParameter, $"user {name} cannot be dropped");
            }

            if (_users.Remove(name))
            {
                _verified.Clear();
                Save();
            }
        }
    }

    public void UpdatePassword(string name, string oldPassword, string newPassword)
    {
        RequireValidPassword(newPassword);
        StoredUser user;
        lock (_lock)
        {
            user = RequireUser(name);
        }

        // Both derivations outside the lock, as in CreateUser; the swap below is refused if the user changed meanwhile.
        if (!Matches(user, oldPassword))
        {
            throw new VectorServiceException(MilvusErrorCodes.InvalidParameter, "old password not correct");
        }

        var renewed = Hashed(name, newPassword, user.Roles);
        lock (_lock)
        {
            if (!_users.TryGetValue(name, out var current) || !ReferenceEquals(current, user))
            {
                throw new VectorServiceException(MilvusErrorCodes.InvalidParameter, $"user {name} changed while its password was being updated");
            }

            _users[name] = renewed;
            _verified.Clear();
            Save();
        }
    }

    /// <summary>The roles granted to a user (the superuser's is <c>admin</c>).</summary>
    public IReadOnlyList<string> RolesOf(string name)
    {
        lock (_lock)
        {
            return name == _superUser ? [AdminRole] : [.. RequireUser(name).Roles];
        }
    }

    public void GrantRole(string user, string role)
    {
        lock (_lock)
        {
            var stored = RequireUser(user);
            RequireRole(role);
            if (!stored.Roles.Contains(role, StringComparer.Ordinal))
            {
                stored.Roles.Add(role);
                Save();
            }
        }
    }

    public void RevokeRole(string user, string role)
    {
        lock (_lock)
        {
            if (RequireUser(user).Roles.Remove(role))
            {
                Save();
            }
        }
    }

    // ---- roles ----

    public IReadOnlyList<string> ListRoles()
    {
        lock (_lock)
        {
            return [.. _roles.Keys.Order(StringComparer.Ordinal)];
        }
    }

    public void CreateRole(string name)
    {
        RequireValidName(name, "role");
        lock (_lock)
        {
            if (!_roles.TryAdd(name, []))
            {
                throw new VectorServiceException(MilvusErrorCodes.Unexpected, $"role [{name}] already exists");
            }

            Save();
        }
    }

    public void DropRole(string name)
    {
        lock (_lock)
        {
            if (name is AdminRole or PublicRole)
            {
                throw new VectorServiceException(MilvusErrorCodes.InvalidParameter, $"the built-in role {name} cannot be dropped");
            }

            RequireRole(name);
            _roles.Remove(name);
            foreach (var user in _users.Values)
            {
                user.Roles.Remove(name);
            }

            Save();
        }
    }

    public IReadOnlyList<MilvusGrant> GrantsOf(string role)
    {
        lock (_lock)
        {
            RequireRole(role);
            return [.. _roles[role]];
        }
    }

    public void GrantPrivilege(string role, MilvusGrant grant)
    {
        if (!MilvusPrivileges.IsKnown(grant.ObjectType, grant.Privilege))
        {
            throw new VectorServiceException(MilvusErrorCodes.InvalidParameter, $"not a privilege of {grant.ObjectType} objects: {grant.Privilege}");
        }

        if (grant.ObjectType == MilvusPrivileges.Global && grant.ObjectName != MilvusPrivileges.Any)
        {
            throw new VectorServiceException(MilvusErrorCodes.InvalidParameter, "a Global privilege's object name must be *");
        }

        lock (_lock)
        {
            if (role == AdminRole)
            {
                throw new VectorServiceException(MilvusErrorCodes.InvalidParameter, "the admin role already holds every privilege");
            }

            RequireRole(role);
            if (!_roles[role].Contains(grant))
            {
                _roles[role].Add(grant);
                Save();
            }
        }
    }

    public void RevokePrivilege(string role, MilvusGrant grant)
    {
        lock (_lock)
        {
            RequireRole(role);
            if (_roles[role].Remove(grant))
            {
                Save();
            }
        }
    }

    // ---- storage and rules ----

    private string? VerifyPassword(string credential)
    {
        var colon = credential.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            return null;
        }

        var name = credential[..colon];
        StoredUser? user;
        lock (_lock)
        {
            _users.TryGetValue(name, out user);
        }

        return user is not null && Matches(user, credential[(colon + 1)..]) ? name : null;
    }

    private static bool Matches(StoredUser user, string password)
        => CryptographicOperations.FixedTimeEquals(Derive(password, Convert.FromBase64String(user.Salt)), Convert.FromBase64String(user.Hash));

    private static StoredUser Hashed(string name, string password, List<string> roles)
    {
        var salt = RandomNumberGenerator.GetBytes(16);
        return new StoredUser(name, Convert.ToBase64String(salt), Convert.ToBase64String(Derive(password, salt)), roles);
    }

    private static byte[] Derive(string password, byte[] salt)
        => Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, HashIterations, HashAlgorithmName.SHA256, 32);

    private StoredUser RequireUser(string name)
        => _users.TryGetValue(name, out var user)
            ? user
            : throw new VectorServiceException(MilvusErrorCodes.InvalidParameter, $"user not found: {name}");

    private void RequireRole(string name)
    {
        if (!_roles.ContainsKey(name))
        {
            throw new VectorServiceException(MilvusErrorCodes.InvalidParameter, $"role not found: {name}");
        }
    }

    private static void RequireValidName(string name, string kind)
    {
        if (!NamePattern().IsMatch(name))
        {
            throw new VectorServiceException(MilvusErrorCodes.InvalidParameter,
                $"invalid {kind} name {name}: it must start with a letter and hold up to 32 letters, digits or underscores");
        }
    }

    private static void RequireValidPassword(string password)
    {
        if (password.Length is < MilvusUserSpec.MinPasswordLength or > MilvusUserSpec.MaxPasswordLength)
        {
            throw new VectorServiceException(MilvusErrorCodes.InvalidParameter,
                $"the password must be {MilvusUserSpec.MinPasswordLength} to {MilvusUserSpec.MaxPasswordLength} characters long");
        }
    }

    private void Save()
    {
        var stored = new StoredAccess([.. _users.Values], _roles.Where(r => r.Key != AdminRole).ToDictionary(r => r.Key, r => r.Value, StringComparer.Ordinal));
        Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
        var temporary = _path + ".tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(stored, FileJson));
        File.Move(temporary, _path, overwrite: true);
    }

    [GeneratedRegex(MilvusUserSpec.NamePattern)]
    private static partial Regex NamePattern();
}
