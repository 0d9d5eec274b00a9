using Bunit;
using Nebula.Ui.Components.Shop;
using ErrorEventArgs = Microsoft.AspNetCore.Components.Web.ErrorEventArgs;

namespace Nebula.UnitTests.Ui;

public sealed class ProductImageTests : BunitContext
{
    [Fact]
    public void A_product_without_a_picture_gets_a_placeholder_with_its_initials()
    {
        var image = Render<ProductImage>(parameters => parameters
            .Add(p => p.Title, "Glass Beakers, 100ml Pack of 12")
            .Add(p => p.ImageUrl, null));

        Assert.Empty(image.FindAll("img"));
        Assert.Equal("GB", image.Find(".placeholder .initials").TextContent);
    }

    [Fact]
    public void A_product_with_a_picture_shows_it()
    {
        var image = Render<ProductImage>(parameters => parameters
            .Add(p => p.Title, "Beaker")
            .Add(p => p.ImageUrl, "https://images.example/beaker.jpg"));

        Assert.Equal("https://images.example/beaker.jpg", image.Find("img").GetAttribute("src"));
        Assert.Empty(image.FindAll(".placeholder"));
    }

    [Fact]
    public void A_picture_that_fails_to_load_is_replaced_by_the_placeholder()
    {
        var image = Render<ProductImage>(parameters => parameters
            .Add(p => p.Title, "Beaker")
            .Add(p => p.ImageUrl, "https://images.example/missing.jpg"));

        image.Find("img").TriggerEvent("onerror", new ErrorEventArgs { Message = "404" });

        Assert.Empty(image.FindAll("img"));
        Assert.Single(image.FindAll(".placeholder"));
    }

    [Fact]
    public void A_new_picture_gets_a_fresh_chance_after_an_earlier_one_failed()
    {
        var image = Render<ProductImage>(parameters => parameters
            .Add(p => p.Title, "Beaker")
            .Add(p => p.ImageUrl, "https://images.example/missing.jpg"));
        image.Find("img").TriggerEvent("onerror", new ErrorEventArgs());

        image.Render(parameters => parameters.Add(p => p.ImageUrl, "https://images.example/other.jpg"));

        Assert.Equal("https://images.example/other.jpg", image.Find("img").GetAttribute("src"));
    }
}
