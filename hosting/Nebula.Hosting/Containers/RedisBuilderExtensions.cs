using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;

namespace Nebula.Hosting.Containers;

public static class RedisBuilderExtensions
{
    /// <summary>The options that make the Redis container keep an append-only file, synced once a second.</summary>
    public const string AppendOnlyArguments = "--appendonly yes --appendfsync everysec";

    /// <summary>
    /// Has Redis keep an append-only file in its data folder, synced once a second, besides Aspire's snapshots (every
    /// 60 s): a crash then loses about a second of writes rather than up to a minute. The worker applies lost writes
    /// again from Kafka, but only while the broker still has those events. Aspire runs Redis through one shell command,
    /// so the options are added to that command.
    /// </summary>
    public static IResourceBuilder<RedisResource> WithAppendOnlyFile(this IResourceBuilder<RedisResource> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.WithArgs(context =>
        {
            for (var i = 0; i < context.Args.Count; i++)
            {
                if (context.Args[i] is string command && command.StartsWith("redis-server ", StringComparison.Ordinal))
                {
                    context.Args[i] = $"{command} {AppendOnlyArguments}";
                    return;
                }
            }

            throw new InvalidOperationException("The Redis container's command was not found: Aspire.Hosting.Redis starts it differently now.");
        });
    }
}
