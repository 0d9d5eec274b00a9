using Nebula.Core.Contracts;
using StackExchange.Redis;

namespace Nebula.StreamWorker.State;

/// <summary>
/// Makes the vector cache forget an item the moment the Api changes it (<see cref="RedisKeys.CatalogChangedChannel"/>):
/// an upserted item is ranked with its new vector, and a deleted one's events go to the dead-letter topic as unknown.
/// </summary>
public sealed partial class CatalogChangeListener(IConnectionMultiplexer redis, ItemVectorSource vectors, ILogger<CatalogChangeListener> logger) : BackgroundService
{
    private static readonly TimeSpan SubscribeRetryDelay = TimeSpan.FromSeconds(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The multiplexer re-subscribes by itself after a reconnect; only the first subscription needs a server.
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await redis.GetSubscriber().SubscribeAsync(
                    RedisChannel.Literal(RedisKeys.CatalogChangedChannel), (_, itemId) => vectors.Forget(itemId.ToString()));
                return;
            }
            catch (RedisException e)
            {
                LogSubscribeFailed(logger, e);
                await Task.Delay(SubscribeRetryDelay, stoppingToken);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not subscribe to catalogue changes yet; retrying")]
    private static partial void LogSubscribeFailed(ILogger logger, Exception error);
}
