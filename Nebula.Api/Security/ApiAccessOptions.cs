using System.ComponentModel.DataAnnotations;

namespace Nebula.Api.Security;

/// <summary>
/// Who may call the Api. Section <c>Nebula:Api:Access</c>: keys by name
/// (<c>Nebula__Api__Access__Keys__ui__Secret</c>, <c>…__Roles</c>), the key that signs shopper tokens, and their lifetimes.
/// </summary>
public sealed class ApiAccessOptions : IValidatableObject
{
    public const string SectionName = "Nebula:Api:Access";

    /// <summary>Shortest secret accepted: about 190 bits of letters and digits, beyond guessing at any request rate.</summary>
    public const int MinSecretLength = 32;

    /// <summary>The keys, by name (the name appears in logs and rate-limit partitions, never the secret).</summary>
    public Dictionary<string, ApiKeyOptions> Keys { get; set; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Signs shopper tokens (HMAC-SHA256). Every replica of the Api needs the same one; when it is not set, each process
    /// makes its own at start, and tokens are valid only on the process that minted them, until it restarts.
    /// </summary>
    public string? ShopperTokenKey { get; set; }

    /// <summary>A shopper token's lifetime when the request does not ask for one.</summary>
    [Range(typeof(TimeSpan), "00:00:10", "1.00:00:00")]
    public TimeSpan ShopperTokenLifetime { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>The longest lifetime a request may ask for.</summary>
    [Range(typeof(TimeSpan), "00:00:10", "7.00:00:00")]
    public TimeSpan MaxShopperTokenLifetime { get; set; } = TimeSpan.FromHours(24);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Keys.Count == 0)
        {
            yield return new ValidationResult(
                "No API key is configured, so every request would be refused: set Nebula:Api:Access:Keys:<name>:Secret and :Roles (the AppHost does).",
                [nameof(Keys)]);
        }

        foreach (var (name, key) in Keys)
        {
            if (key.Secret.Length < MinSecretLength)
            {
                yield return new ValidationResult($"Key '{name}': the secret must be at least {MinSecretLength} characters.", [nameof(Keys)]);
            }

            if (ApiRoles.Parse(key.Roles) is null)
            {
                yield return new ValidationResult(
                    $"Key '{name}': roles must be one or more of {string.Join(", ", ApiRoles.All)} (got '{key.Roles}').", [nameof(Keys)]);
            }
        }

        if (Keys.Values.GroupBy(k => k.Secret, StringComparer.Ordinal).Any(g => g.Count() > 1))
        {
            yield return new ValidationResult("Two keys have the same secret.", [nameof(Keys)]);
        }

        if (ShopperTokenKey is { } signing && signing.Length < MinSecretLength)
        {
            yield return new ValidationResult($"The shopper-token key must be at least {MinSecretLength} characters.", [nameof(ShopperTokenKey)]);
        }

        if (ShopperTokenLifetime > MaxShopperTokenLifetime)
        {
            yield return new ValidationResult("ShopperTokenLifetime is longer than MaxShopperTokenLifetime.", [nameof(ShopperTokenLifetime)]);
        }
    }
}
