using System.Collections.Concurrent;
using System.Threading.Channels;
using Nebula.Core.Contracts;
using StackExchange.Redis;

namespace Nebula.Api.Services;

/// <summary>
/// One Redis subscription per Api instance to the worker's update channel, fanned out to the open
/// server-sent-event streams of each user. Bursts collapse: a watcher learns "changed", then reads the list.
/// When the Api begins to stop, every watch ends, so that open streams finish and do not hold the shutdown
/// for the host's whole timeout (they otherwise end only when their clients leave).
/// </summary>
public sealed partial class RecommendationUpdates(IConnectionMultiplexer redis, IHostApplicationLifetime lifetime, ILogger<RecommendationUpdates> logger) : BackgroundService
{
    private static readonly TimeSpan SubscribeRetryDelay = TimeSpan.FromSeconds(2);

    private readonly ConcurrentDictionary<string, ConcurrentDictionary<Channel<bool>, bool>> _watchers = new(StringComparer.Ordinal);

    /// <summary>Signals on every change of <paramref name="userId"/>'s list until disposed.</summary>
    public Watch WatchUser(string userId)
    {
        var channel = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });
        _watchers.GetOrAdd(userId, _ => new()).TryAdd(channel, true);
        if (lifetime.ApplicationStopping.IsCancellationRequested)
        {
            channel.Writer.TryComplete();
        }

        return new Watch(channel.Reader, () =>
        {
            if (_watchers.TryGetValue(userId, out var set))
            {
                set.TryRemove(channel, out _);
            }
        });
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        lifetime.ApplicationStopping.Register(EndAllWatches);

        // The multiplexer re-subscribes by itself after a reconnect; only the first subscription needs a server.
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await redis.GetSubscriber().SubscribeAsync(
                    RedisChannel.Literal(RedisKeys.RecommendationsUpdatedChannel),
                    (_, userId) => Notify(userId.ToString()));
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

    private void EndAllWatches()
    {
        foreach (var channel in _watchers.Values.SelectMany(set => set.Keys))
        {
            channel.Writer.TryComplete();
        }
    }

    public sealed class Watch(ChannelReader<bool> changes, Action stop) : IDisposable
    {
        public ChannelReader<bool> Changes { get; } = changes;

        public void Dispose() => stop();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Subscribing to recommendation updates failed; retrying")]
    private static partial void LogSubscribeFailed(ILogger logger, Exception error);
}
