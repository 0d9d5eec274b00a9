namespace Nebula.Ui.Services;

public sealed record SentAction(ShopperAction Action, string ItemTitle);
