namespace Nebula.IntegrationTests.Shop;

/// <summary>The tests that share one <see cref="ShopCatalog"/> (its catalogue takes half a minute to embed).</summary>
[CollectionDefinition(Name)]
public sealed class ShopCatalogGroup : ICollectionFixture<ShopCatalog>
{
    public const string Name = "Shop catalogue";
}
