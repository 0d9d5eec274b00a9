using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Nebula.Api.Security;

/// <summary>
/// The configured keys, kept as SHA-256 hashes. A presented key is hashed and compared with every entry in constant
/// time (<see cref="CryptographicOperations.FixedTimeEquals"/>), so neither the answer's timing nor an early exit
/// tells a caller how much of a key was right.
/// </summary>
public sealed class ApiKeyRing
{
    private readonly Entry[] _entries;

    public ApiKeyRing(IOptions<ApiAccessOptions> options)
    {
        _entries = [.. options.Value.Keys.Select(k => new Entry(k.Key, Hash(k.Value.Secret), ApiRoles.Parse(k.Value.Roles) ?? []))];
    }

    /// <summary>The key's name and roles, or null when <paramref name="presented"/> is no configured key.</summary>
    public (string Name, IReadOnlyList<string> Roles)? Find(string presented)
    {
        var hash = Hash(presented);
        Entry? match = null;
        foreach (var entry in _entries)
        {
            if (CryptographicOperations.FixedTimeEquals(hash, entry.Hash))
            {
                match = entry;
            }
        }

        return match is { } found ? (found.Name, found.Roles) : null;
    }

    private static byte[] Hash(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));

    private sealed record Entry(string Name, byte[] Hash, IReadOnlyList<string> Roles);
}
