using Microsoft.Extensions.Options;
using Nebula.Catalog.Storage;
using Nebula.Core.Contracts;
using Nebula.Milvus;

namespace Nebula.Embedder.Loading;

/// <summary>
/// Services read the items through an alias (<c>items</c>) that points at a physical collection (<c>items_yyyyMMddHHmmssfff</c>, UTC).
/// A normal run upserts into the current one; <c>--recreate</c> fills a new one and switches the alias only when it is
/// complete and loaded, so readers never see an empty or half-built catalogue.
/// </summary>
internal sealed partial class ItemsCollectionManager(MilvusClient milvus, IOptions<ItemsCollectionOptions> options, ILogger<ItemsCollectionManager> logger)
{
    private readonly ItemsCollectionOptions _options = options.Value;

    public string Alias => _options.CollectionName;

    /// <summary>Where this run writes, and whether that collection is new (so nothing in it needs comparing).</summary>
    public sealed record Target(string Collection, bool IsNew, string? Replaces);

    public async Task<Target> PrepareAsync(bool recreate, CancellationToken cancellationToken)
    {
        var current = await milvus.DescribeAliasAsync(Alias, cancellationToken);
        if (current is null && await milvus.HasCollectionAsync(Alias, cancellationToken))
        {
            // A plain collection under the alias' name (made by hand or an older Nebula): use it in place.
            current = Alias;
        }

        if (current is not null && !recreate)
        {
            await CheckSchemaAsync(current, cancellationToken);
            await milvus.LoadAndWaitAsync(current, _options.LoadTimeout, cancellationToken);
            LogUsing(logger, Alias, current);
            return new Target(current, IsNew: false, Replaces: null);
        }

        var physical = $"{Alias}_{DateTime.UtcNow:yyyyMMddHHmmssfff}";
        await milvus.CreateCollectionAsync(physical, ItemsSchema.Schema(), [ItemsSchema.VectorIndex(_options)], cancellationToken);
        await milvus.LoadAndWaitAsync(physical, _options.LoadTimeout, cancellationToken);
        if (current is null)
        {
            // Nothing to protect: point the alias at the new collection now, so the catalogue is searchable while it fills.
            await milvus.CreateAliasAsync(Alias, physical, cancellationToken);
            LogCreated(logger, physical, Alias);
            return new Target(physical, IsNew: true, Replaces: null);
        }

        LogBuilding(logger, physical, Alias, current);
        return new Target(physical, IsNew: true, Replaces: current);
    }

    /// <summary>After a recreate: the alias moves to the new collection, then the old one is dropped.</summary>
    public async Task CompleteAsync(Target target, CancellationToken cancellationToken)
    {
        if (target.Replaces is not { } old)
        {
            return;
        }

        if (old == Alias)
        {
            // The old data was a plain collection named like the alias: it must go before the alias can exist.
            await milvus.DropCollectionAsync(old, cancellationToken);
            await milvus.CreateAliasAsync(Alias, target.Collection, cancellationToken);
        }
        else
        {
            await milvus.AlterAliasAsync(Alias, target.Collection, cancellationToken);
            await milvus.DropCollectionAsync(old, cancellationToken);
        }

        LogSwitched(logger, Alias, target.Collection, old);
    }

    private async Task CheckSchemaAsync(string collection, CancellationToken cancellationToken)
    {
        var description = await milvus.DescribeCollectionAsync(collection, cancellationToken);
        var expected = ItemsSchema.Schema().Fields.Select(f => f.FieldName).ToHashSet(StringComparer.Ordinal);
        var actual = description.Fields.Select(f => f.Name).ToHashSet(StringComparer.Ordinal);
        var vector = description.Fields.FirstOrDefault(f => f.Name == ItemFields.Vector);
        if (!expected.SetEquals(actual) || vector?.Params.GetValueOrDefault("dim") != ItemFields.VectorDimensions.ToString(System.Globalization.CultureInfo.InvariantCulture))
        {
            throw new SchemaMismatchException(
                $"Collection '{collection}' (behind '{Alias}') has fields [{string.Join(", ", actual.Order())}], not the items schema [{string.Join(", ", expected.Order())}] with a {ItemFields.VectorDimensions}-d vector. Run the Embedder with --recreate to build a new one; the old one stays until the new one is ready.");
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Upserting into {Collection} (behind '{Alias}')")]
    private static partial void LogUsing(ILogger logger, string alias, string collection);

    [LoggerMessage(Level = LogLevel.Information, Message = "Created collection {Collection} and pointed '{Alias}' at it")]
    private static partial void LogCreated(ILogger logger, string collection, string alias);

    [LoggerMessage(Level = LogLevel.Information, Message = "Building {Collection}; '{Alias}' keeps serving {Current} until it is complete")]
    private static partial void LogBuilding(ILogger logger, string collection, string alias, string current);

    [LoggerMessage(Level = LogLevel.Information, Message = "'{Alias}' now points at {Collection}; dropped {Old}")]
    private static partial void LogSwitched(ILogger logger, string alias, string collection, string old);
}
