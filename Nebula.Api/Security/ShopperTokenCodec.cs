using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Nebula.Core.Contracts;

namespace Nebula.Api.Security;

/// <summary>
/// Mints and reads shopper tokens: <c>nst1.&lt;payload&gt;.&lt;mac&gt;</c>, base64url, where the payload is the expiry
/// (Unix seconds), the roles and the user id, and the mac is HMAC-SHA256 over the prefix and the payload. No I/O and no
/// clock of its own: the caller says what "now" is.
/// </summary>
public sealed class ShopperTokenCodec(byte[] signingKey)
{
    public const string Prefix = "nst1.";

    private const byte IngestFlag = 1;
    private const byte ReadFlag = 2;
    private const int MacBytes = 32;
    private const int HeaderBytes = sizeof(long) + 1;

    // Longest token: a 128-character user id and the header, base64url, plus the mac and separators.
    private const int MaxTokenLength = 512;

    public static bool LooksLikeToken(string credential) => credential.StartsWith(Prefix, StringComparison.Ordinal);

    public string Mint(string userId, IEnumerable<string> roles, DateTimeOffset expiresAt)
    {
        var user = Encoding.UTF8.GetBytes(userId);
        var payload = new byte[HeaderBytes + user.Length];
        BinaryPrimitives.WriteInt64BigEndian(payload, expiresAt.ToUnixTimeSeconds());
        payload[sizeof(long)] = roles.Aggregate((byte)0, (flags, role) => (byte)(flags | role switch
        {
            ApiRoles.Ingest => IngestFlag,
            ApiRoles.Read => ReadFlag,
            _ => 0,
        }));
        user.CopyTo(payload, HeaderBytes);
        return $"{Prefix}{Base64Url.EncodeToString(payload)}.{Base64Url.EncodeToString(Mac(payload))}";
    }

    /// <summary>The token's grant, or null with the reason it is refused (malformed, tampered with, or expired at <paramref name="now"/>).</summary>
    public ShopperToken? Read(string token, DateTimeOffset now, out string? failure)
    {
        var parts = token.Length <= MaxTokenLength && LooksLikeToken(token) ? token[Prefix.Length..].Split('.') : [];
        byte[] payload, mac;
        try
        {
            (payload, mac) = parts.Length == 2 ? (Base64Url.DecodeFromChars(parts[0]), Base64Url.DecodeFromChars(parts[1])) : ([], []);
        }
        catch (FormatException)
        {
            (payload, mac) = ([], []);
        }

        if (payload.Length <= HeaderBytes || mac.Length != MacBytes)
        {
            failure = "The shopper token is malformed.";
            return null;
        }

        if (!CryptographicOperations.FixedTimeEquals(mac, Mac(payload)))
        {
            failure = "The shopper token's signature is not valid.";
            return null;
        }

        var expiresAt = DateTimeOffset.FromUnixTimeSeconds(Math.Clamp(BinaryPrimitives.ReadInt64BigEndian(payload), 0, 253_402_300_799));
        if (expiresAt <= now)
        {
            failure = $"The shopper token expired at {expiresAt:O}.";
            return null;
        }

        var flags = payload[sizeof(long)];
        var userId = Encoding.UTF8.GetString(payload, HeaderBytes, payload.Length - HeaderBytes);
        List<string> roles = [];
        if ((flags & IngestFlag) != 0)
        {
            roles.Add(ApiRoles.Ingest);
        }

        if ((flags & ReadFlag) != 0)
        {
            roles.Add(ApiRoles.Read);
        }

        if (!InteractionRules.IsValidUserId(userId) || roles.Count == 0)
        {
            failure = "The shopper token is malformed.";
            return null;
        }

        failure = null;
        return new ShopperToken(userId, roles, expiresAt);
    }

    private byte[] Mac(byte[] payload)
    {
        var data = new byte[Prefix.Length + payload.Length];
        Encoding.ASCII.GetBytes(Prefix, data);
        payload.CopyTo(data, Prefix.Length);
        return HMACSHA256.HashData(signingKey, data);
    }
}
