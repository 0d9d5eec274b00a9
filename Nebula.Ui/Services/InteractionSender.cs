namespace Nebula.Ui.Services;

/// <summary>Sends a shopper's action, remembered first so that the live list can name it even if it arrives before the Api's answer.</summary>
public static class InteractionSender
{
    public static Task<ApiResult<InteractionAccepted>> SendAsync(
        NebulaApiClient api, ShopperSession shopper, string userId, string itemId, string itemTitle, ShopperAction action, CancellationToken cancellationToken = default)
    {
        var eventId = Guid.CreateVersion7();
        shopper.RecordSent(eventId, action, itemTitle);
        return api.SendInteractionAsync(new InteractionRequest(userId, itemId, action.Type, eventId), cancellationToken);
    }
}
