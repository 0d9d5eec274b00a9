namespace Nebula.Ui.Services;

/// <summary>What the Api knows of a shopper (its <c>ProfileResponse</c>).</summary>
public sealed record ShopperProfile(string UserId, long EventCount, DateTimeOffset? UpdatedAt, IReadOnlyList<ProductDetails> RecentItems);
