using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace Nebula.Ui.Services;

/// <summary>
/// Who is shopping on this page (one circuit) and what they sent, so that the live list can say which of
/// their actions moved it.
/// </summary>
public sealed class ShopperSession(IOptions<UiOptions> options)
{
    private const int RememberedActions = 50;
    // 128 random bits: a shopper id is the only thing between a stranger and that shopper's history, so it must not be guessable.
    private const int ShopperIdRandomBytes = 16;

    private readonly Lock _gate = new();
    private readonly Queue<Guid> _order = new();
    private readonly Dictionary<Guid, SentAction> _sent = [];

    public string? UserId { get; private set; }

    public event Action? Changed;

    /// <summary>A fresh id such as <c>shopper-5f0c9a1e3b7d42c8a6e01f9d7b3c5a28</c>.</summary>
    public string NewShopperId() =>
        options.Value.ShopperIdPrefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(ShopperIdRandomBytes));

    public void SwitchTo(string userId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userId);
        if (string.Equals(UserId, userId, StringComparison.Ordinal))
        {
            return;
        }

        lock (_gate)
        {
            UserId = userId;
            _order.Clear();
            _sent.Clear();
        }

        Changed?.Invoke();
    }

    public void RecordSent(Guid eventId, ShopperAction action, string itemTitle)
    {
        lock (_gate)
        {
            _sent[eventId] = new SentAction(action, itemTitle);
            _order.Enqueue(eventId);
            while (_order.Count > RememberedActions)
            {
                _sent.Remove(_order.Dequeue());
            }
        }
    }

    /// <summary>The action this page sent with that event id, if it was this page.</summary>
    public SentAction? FindSent(Guid? eventId)
    {
        if (eventId is not { } id)
        {
            return null;
        }

        lock (_gate)
        {
            return _sent.GetValueOrDefault(id);
        }
    }
}
