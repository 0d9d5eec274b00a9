using System.Text.Json;
using Nebula.Milvus;
using Nebula.VectorService.Storage;

namespace Nebula.VectorService.Collections;

/// <summary>
/// The service's collections and aliases, persisted under one folder: <c>catalog.json</c> (schemas, load states,
/// aliases) and <c>collections/{name}/</c> (each collection's row log and index snapshot).
/// </summary>
internal sealed class VectorStore : IDisposable
{
    private static readonly JsonSerializerOptions CatalogJson = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    private readonly Dictionary<string, VectorCollection> _collections = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _aliases = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private readonly string _root;
    private readonly VectorServiceOptions _options;
    private long _nextCollectionId = 1;

    private sealed record Catalog(List<CollectionDefinition> Collections, Dictionary<string, string> Aliases, long NextCollectionId);

    public VectorStore(VectorServiceOptions options)
    {
        _root = options.DataDirectory;
        _options = options;
        Directory.CreateDirectory(_root);
        if (File.Exists(CatalogPath))
        {
            var catalog = JsonSerializer.Deserialize<Catalog>(File.ReadAllText(CatalogPath), CatalogJson)!;
            foreach (var definition in catalog.Collections)
            {
                _collections[definition.Name] = new VectorCollection(definition, CollectionDirectory(definition.Name), options);
            }

            foreach (var (alias, target) in catalog.Aliases)
            {
                _aliases[alias] = target;
            }

            _nextCollectionId = catalog.NextCollectionId;
        }
    }

    private string CatalogPath => Path.Combine(_root, "catalog.json");

    private string CollectionDirectory(string name) => Path.Combine(_root, "collections", name);

    /// <summary>The collection behind a name or an alias; code 100 when neither exists.</summary>
    /// <summary>Collection → what start-up cut off its damaged log.</summary>
    public IReadOnlyDictionary<string, RowLogRepair> Repairs
    {
        get
        {
            lock (_lock)
            {
                return _collections.Where(c => c.Value.Repair is not null).ToDictionary(c => c.Key, c => c.Value.Repair!, StringComparer.Ordinal);
            }
        }
    }

    public VectorCollection Resolve(string name)
    {
        lock (_lock)
        {
            if (_collections.TryGetValue(name, out var collection)
                || (_aliases.TryGetValue(name, out var target) && _collections.TryGetValue(target, out collection)))
            {
                return collection;
            }
        }

        throw new VectorServiceException(MilvusErrorCodes.CollectionNotFound, $"collection not found[collection={name}]");
    }

    /// <summary>The collection an alias points to; null for a name that is not an alias.</summary>
    public string? AliasTarget(string name)
    {
        lock (_lock)
        {
            return _aliases.GetValueOrDefault(name);
        }
    }

    public bool Has(string name)
    {
        lock (_lock)
        {
            return _collections.ContainsKey(name) || _aliases.ContainsKey(name);
        }
    }

    public IReadOnlyList<string> List()
    {
        lock (_lock)
        {
            return [.. _collections.Keys.Order(StringComparer.Ordinal)];
        }
    }

    public IReadOnlyList<string> AliasesOf(string collection)
    {
        lock (_lock)
        {
            return [.. _aliases.Where(a => a.Value == collection).Select(a => a.Key).Order(StringComparer.Ordinal)];
        }
    }

    public void Create(string name, IReadOnlyList<FieldDefinition> fields, IndexDefinition? index, bool enableDynamicField)
    {
        lock (_lock)
        {
            if (_collections.ContainsKey(name) || _aliases.ContainsKey(name))
            {
                throw new VectorServiceException(MilvusErrorCodes.Unexpected, $"collection already exists: {name}");
            }

            var definition = new CollectionDefinition(name, _nextCollectionId++, fields, index, Loaded: index is not null, enableDynamicField);
            var directory = CollectionDirectory(name);
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }

            _collections[name] = new VectorCollection(definition, directory, _options);
            SaveCatalog();
        }
    }

    public void Drop(string name)
    {
        lock (_lock)
        {
            if (!_collections.TryGetValue(name, out var collection))
            {
                // Milvus answers a drop of a missing collection with success.
                return;
            }

            if (_aliases.Any(a => a.Value == name))
            {
                throw new VectorServiceException(MilvusErrorCodes.InvalidParameter,
                    $"cannot drop collection {name}: it still has aliases ({string.Join(", ", AliasesOf(name))}); drop or alter them first");
            }

            _collections.Remove(name);
            collection.DeleteFiles();
            SaveCatalog();
        }
    }

    public void Update(string name, Func<CollectionDefinition, CollectionDefinition> change)
    {
        lock (_lock)
        {
            var collection = Resolve(name);
            collection.Definition = change(collection.Definition);
            SaveCatalog();
        }
    }

    public void CreateAlias(string alias, string collection)
    {
        lock (_lock)
        {
            if (_aliases.ContainsKey(alias) || _collections.ContainsKey(alias))
            {
                throw new VectorServiceException(MilvusErrorCodes.InvalidParameter, $"alias {alias} already exists or is the name of a collection");
            }

            RequireCollection(collection);
            _aliases[alias] = collection;
            SaveCatalog();
        }
    }

    public void AlterAlias(string alias, string collection)
    {
        lock (_lock)
        {
            if (!_aliases.ContainsKey(alias))
            {
                throw new VectorServiceException(MilvusErrorCodes.InvalidParameter, $"alias not found[database=default][alias={alias}]");
            }

            RequireCollection(collection);
            _aliases[alias] = collection;
            SaveCatalog();
        }
    }

    public string DescribeAlias(string alias)
    {
        lock (_lock)
        {
            return _aliases.TryGetValue(alias, out var target)
                ? target
                : throw new VectorServiceException(MilvusErrorCodes.InvalidParameter, $"alias not found[database=default][alias={alias}]");
        }
    }

    public IReadOnlyList<string> ListAliases()
    {
        lock (_lock)
        {
            return [.. _aliases.Keys.Order(StringComparer.Ordinal)];
        }
    }

    public void DropAlias(string alias)
    {
        lock (_lock)
        {
            if (_aliases.Remove(alias))
            {
                SaveCatalog();
            }
        }
    }

    private void RequireCollection(string collection)
    {
        if (!_collections.ContainsKey(collection))
        {
            throw new VectorServiceException(MilvusErrorCodes.CollectionNotFound, $"collection not found[collection={collection}]");
        }
    }

    private void SaveCatalog()
    {
        var catalog = new Catalog([.. _collections.Values.Select(c => c.Definition)], new Dictionary<string, string>(_aliases), _nextCollectionId);
        var temporary = CatalogPath + ".tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(catalog, CatalogJson));
        File.Move(temporary, CatalogPath, overwrite: true);
    }

    public void Dispose()
    {
        lock (_lock)
        {
            foreach (var collection in _collections.Values)
            {
                collection.Dispose();
            }

            _collections.Clear();
        }
    }
}
