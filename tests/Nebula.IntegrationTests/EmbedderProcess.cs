using System.Diagnostics;
using System.Text;

namespace Nebula.IntegrationTests;

/// <summary>Runs the built Nebula.Embedder as a separate process, as the AppHost or a user would.</summary>
internal static class EmbedderProcess
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(4);

    public sealed record Result(int ExitCode, string Output);

    public static async Task<Result> RunAsync(string milvusConnectionString, params string[] arguments)
    {
        var dll = RepositoryPaths.ServiceAssembly("Nebula.Embedder");
        // Started from the temp folder, as a user's shell or the AppHost may start it from anywhere.
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = Path.GetTempPath() };
        start.ArgumentList.Add(dll);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["ConnectionStrings__milvus"] = milvusConnectionString;
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment.Remove("OTEL_EXPORTER_OTLP_ENDPOINT");

        using var process = Process.Start(start)!;
        var output = new StringBuilder();
        var stdout = PumpAsync(process.StandardOutput, output);
        var stderr = PumpAsync(process.StandardError, output);
        using var timeout = new CancellationTokenSource(Timeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"The Embedder did not finish within {Timeout}:\n{output}");
        }

        await Task.WhenAll(stdout, stderr);
        return new Result(process.ExitCode, output.ToString());
    }

    private static async Task PumpAsync(StreamReader reader, StringBuilder output)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            lock (output)
            {
                output.AppendLine(line);
            }
        }
    }
}
