using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Nebula.Core.Contracts;
using StackExchange.Redis;

namespace Nebula.Api.Services;

/// <summary>
/// One Redis subscription per Api instance to the worker's update channel, fanned out to the open
/// server-sent-event streams of each user. Bursts collapse: a watcher learns "changed", then reads the list.
/// Streams are capped (<see cref="ApiOptions.MaxStreams"/> in all, per user and per client), and a user's entry goes
/// when its last stream closes, so that streams for ever new user ids cannot grow the map. A forgotten user's streams
/// end (a second channel, <see cref="RedisKeys.UserForgottenChannel"/>), and when an item is hidden, shown, upserted or
/// deleted (a third, <see cref="RedisKeys.CatalogChangedChannel"/>) the catalogue cache forgets it and every stream
/// sends its list again. When the Api begins to
/// stop, every watch ends, so that open streams finish and do not hold the shutdown for the host's whole timeout
/// (they otherwise end only when their clients leave).
/// </summary>
public sealed partial class RecommendationUpdates(
    IConnectionMultiplexer redis, ItemCatalog catalog, IHostApplicationLifetime lifetime, IOptions<ApiOptions> options, ILogger<RecommendationUpdates> logger) : BackgroundService
{
    private static readonly TimeSpan SubscribeRetryDelay = TimeSpan.FromSeconds(2);

    private readonly ApiOptions _options = options.Value;

    // Read without the lock by Notify (the Redis callback); changed only under it, with the counts.
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<Channel<bool>, bool>> _watchers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _perClient = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private int _streams;

    /// <summary>Open streams.</summary>
    public int Streams => Volatile.Read(ref _streams);

    /// <summary>Users with at least one open stream (the map's size).</summary>
    public int WatchedUsers => _watchers.Count;

    /// <summary>
    /// Signals on every change of <paramref name="userId"/>'s list until disposed; or null, with the reason, when a
    /// cap is reached (in all, for this user, or for <paramref name="client"/>).
    /// </summary>
    public Watch? TryWatchUser(string userId, string client, out string? refusal)
    {
        var channel = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });
        lock (_gate)
        {
            var set = _watchers.GetValueOrDefault(userId);
            refusal = _streams >= _options.MaxStreams ? $"This Api serves at most {_options.MaxStreams} streams at once."
                : set?.Count >= _options.MaxStreamsPerUser ? $"At most {_options.MaxStreamsPerUser} streams per user are open at once."
                : _perClient.GetValueOrDefault(client) >= _options.MaxStreamsPerClient ? $"At most {_options.MaxStreamsPerClient} streams per client are open at once."
                : null;
            if (refusal is not null)
            {
                return null;
            }

            _watchers.GetOrAdd(userId, _ => new()).TryAdd(channel, true);
            _perClient[client] = _perClient.GetValueOrDefault(client) + 1;
            _streams++;
        }

        if (lifetime.ApplicationStopping.IsCancellationRequested)
        {
            channel.Writer.TryComplete();
        }

        return new Watch(channel.Reader, () => Stop(userId, client, channel));
    }

    private void Stop(string userId, string client, Channel<bool> channel)
    {
        lock (_gate)
        {
            if (!_watchers.TryGetValue(userId, out var set) || !set.TryRemove(channel, out _))
            {
                return;
            }

            if (set.IsEmpty)
            {
                _watchers.TryRemove(userId, out _);
            }

            if (--_perClient[client] == 0)
            {
                _perClient.Remove(client);
            }

            _streams--;
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        lifetime.ApplicationStopping.Register(EndAllWatches);

        // The multiplexer re-subscribes by itself after a reconnect; only the first subscription needs a server.
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var subscriber = redis.GetSubscriber();
                await subscriber.SubscribeAsync(
                    RedisChannel.Literal(RedisKeys.RecommendationsUpdatedChannel),
                    (_, userId) => Notify(userId.ToString()));
                await subscriber.SubscribeAsync(
                    RedisChannel.Literal(RedisKeys.UserForgottenChannel),
                    (_, userId) => EndWatches(userId.ToString()));
                await subscriber.SubscribeAsync(RedisChannel.Literal(RedisKeys.CatalogChangedChannel), (_, itemId) =>
                {
                    catalog.Forget(itemId.ToString());
                    NotifyAll();
                });
                return;
            }
            catch (RedisException e)
            {
                LogSubscribeFailed(logger, e);
                await Task.Delay(SubscribeRetryDelay, stoppingToken);
            }
        }
    }

    private void Notify(string userId)
    {
        if (_watchers.TryGetValue(userId, out var set))
        {
            foreach (var channel in set.Keys)
            {
                channel.Writer.TryWrite(true);
            }
        }
    }

    /// <summary>Every stream reads its list again: an item was hidden or shown again (rare; a burst collapses per stream).</summary>
    private void NotifyAll()
    {
        foreach (var set in _watchers.Values)
        {
            foreach (var channel in set.Keys)
            {
                channel.Writer.TryWrite(true);
            }
        }
    }

    /// <summary>Ends every stream of a user on this instance: a forgotten one (each instance hears the channel), or each at shutdown.</summary>
    private void EndWatches(string userId)
    {
        if (_watchers.TryGetValue(userId, out var set))
        {
            foreach (var channel in set.Keys)
            {
                channel.Writer.TryComplete();
            }
        }
    }

    private void EndAllWatches()
    {
        foreach (var userId in _watchers.Keys)
        {
            EndWatches(userId);
        }
    }

    public sealed class Watch(ChannelReader<bool> changes, Action stop) : IDisposable
    {
        private Action? _stop = stop;

        public ChannelReader<bool> Changes { get; } = changes;

        public void Dispose() => Interlocked.Exchange(ref _stop, null)?.Invoke();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Subscribing to recommendation updates failed; retrying")]
    private static partial void LogSubscribeFailed(ILogger logger, Exception error);
}
