namespace Nebula.VectorService;

/// <summary>
/// An error the vector service answers with Milvus' envelope: <c>{"code": Code, "message": Message}</c>, with the
/// codes Milvus uses for the same failures (<see cref="Nebula.Milvus.MilvusErrorCodes"/>).
/// </summary>
internal sealed class VectorServiceException(int code, string message) : Exception(message)
{
    public int Code { get; } = code;
}
