namespace Nebula.Ui.Services;

/// <summary>Makes <see cref="ApiResult{T}"/>s.</summary>
public static class ApiResult
{
    public static ApiResult<T> Success<T>(T value) => new(value, null, unreachable: false);

    public static ApiResult<T> Failure<T>(string error) => new(default, error, unreachable: false);

    public static ApiResult<T> Unreachable<T>(string error) => new(default, error, unreachable: true);
}
