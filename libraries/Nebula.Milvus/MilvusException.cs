namespace Nebula.Milvus;

/// <summary>A Milvus call that failed: a non-zero <c>code</c> in the reply (even with HTTP 200), or an HTTP error.</summary>
public sealed class MilvusException : Exception
{
    public MilvusException()
    {
    }

    public MilvusException(string message)
        : base(message)
    {
    }

    public MilvusException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public MilvusException(string operation, int code, string serverMessage, int httpStatus)
        : base($"Milvus {operation} failed: code {code}, {serverMessage}")
    {
        Operation = operation;
        Code = code;
        ServerMessage = serverMessage;
        HttpStatus = httpStatus;
    }

    public string? Operation { get; }

    /// <summary>The server's error code (<see cref="MilvusErrorCodes"/>); 0 when the failure was HTTP-level only.</summary>
    public int Code { get; }

    public string? ServerMessage { get; }

    public int HttpStatus { get; }

    /// <summary>Worth retrying: not ready, rate limited, over quota, or an HTTP timeout / overload.</summary>
    public bool IsTransient => MilvusErrorCodes.IsTransient(Code) || HttpStatus is 408 or 429 or >= 500;
}
