using StackExchange.Redis;

namespace Nebula.StreamWorker.State;

/// <summary>
/// A partition's applied offset changed between the batch's read and its write: another worker (the partition's
/// new owner, or an old one that has not noticed it lost it) applied events first. Nothing was written; the batch is
/// read again, and what the other applied is then skipped.
/// </summary>
public sealed class StateConflictException : RedisException
{
    public StateConflictException()
        : base("Another worker wrote the partition's state first; nothing was written.")
    {
    }

    public StateConflictException(string message)
        : base(message)
    {
    }

    public StateConflictException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
