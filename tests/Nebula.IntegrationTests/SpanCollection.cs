using System.Collections;
using System.Diagnostics;

namespace Nebula.IntegrationTests;

/// <summary>
/// Both hosts export (each provider listens to its own service's sources), so a span of a source both
/// listen to arrives twice: this list keeps it once, and takes spans from any thread under a lock.
/// </summary>
internal sealed class SpanCollection : ICollection<Activity>
{
    private readonly List<Activity> _items = [];

    public int Count { get { lock (_items) { return _items.Count; } } }

    public bool IsReadOnly => false;

    public void Add(Activity item)
    {
        lock (_items)
        {
            if (!_items.Contains(item))
            {
                _items.Add(item);
            }
        }
    }

    public Activity Single(Func<Activity, bool> match)
    {
        lock (_items)
        {
            return Assert.Single(_items, s => match(s));
        }
    }

    public async Task<Activity> WaitForAsync(Func<Activity, bool> match, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            lock (_items)
            {
                if (_items.FirstOrDefault(match) is { } found)
                {
                    return found;
                }
            }

            Assert.True(DateTime.UtcNow < deadline, "The span never ended.");
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }
    }

    public void Clear()
    {
        lock (_items)
        {
            _items.Clear();
        }
    }

    public bool Contains(Activity item)
    {
        lock (_items)
        {
            return _items.Contains(item);
        }
    }

    public void CopyTo(Activity[] array, int arrayIndex)
    {
        lock (_items)
        {
            _items.CopyTo(array, arrayIndex);
        }
    }

    public bool Remove(Activity item)
    {
        lock (_items)
        {
            return _items.Remove(item);
        }
    }

    public IEnumerator<Activity> GetEnumerator()
    {
        lock (_items)
        {
            return _items.ToList().GetEnumerator();
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
