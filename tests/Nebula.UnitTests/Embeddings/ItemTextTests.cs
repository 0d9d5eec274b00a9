using Nebula.Catalog.Embeddings;
using Nebula.Catalog.Reading;
using Nebula.Catalog.Storage;
using Nebula.Core.Contracts;

namespace Nebula.UnitTests.Embeddings;

public sealed class ItemTextTests
{
    private static readonly CatalogItem Drill = new("B1", "Cordless Drill", "DeWalt", ["Tools", "Power Tools"], 99.5m, null, "Two batteries.");

    [Fact]
    public void The_text_is_title_brand_categories_then_description()
        => Assert.Equal("Cordless Drill. DeWalt. Tools, Power Tools. Two batteries.", ItemText.Compose(Drill));

    [Fact]
    public void The_hash_changes_with_the_text_and_with_the_token_budget()
    {
        var text = ItemText.Compose(Drill);

        Assert.Equal(ItemText.Hash(text, 128, EmbeddingPrecision.Float32), ItemText.Hash(text, 128, EmbeddingPrecision.Float32));
        Assert.NotEqual(ItemText.Hash(text, 128, EmbeddingPrecision.Float32), ItemText.Hash(text + " ", 128, EmbeddingPrecision.Float32));
        Assert.NotEqual(ItemText.Hash(text, 128, EmbeddingPrecision.Float32), ItemText.Hash(text, 256, EmbeddingPrecision.Float32));
    }

    [Fact]
    public void A_float32_hash_is_the_one_stored_before_the_precision_was_a_setting()
        // SHA-256 of "all-MiniLM-L6-v2|128|<text>", the formula rows were stored with: they must not all be re-embedded.
        => Assert.Equal("83FCF9C895FC87F3B97EE346", ItemText.Hash(ItemText.Compose(Drill), 128, EmbeddingPrecision.Float32));

    [Fact]
    public void The_hash_changes_with_the_precision_so_a_switch_re_embeds_the_catalog()
    {
        var text = ItemText.Compose(Drill);

        Assert.NotEqual(ItemText.Hash(text, 128, EmbeddingPrecision.Float32), ItemText.Hash(text, 128, EmbeddingPrecision.Int8));
    }

    [Fact]
    public void Long_text_is_cut_to_its_byte_limit_on_a_character_boundary()
    {
        var title = new string('é', 2000);

        var row = ItemsSchema.ToRow(Drill with { Title = title }, new float[384], "h");

        Assert.True(System.Text.Encoding.UTF8.GetByteCount(row.Title) <= ItemFields.TitleMaxBytes);
        Assert.EndsWith("é…", row.Title, StringComparison.Ordinal);
    }
}
