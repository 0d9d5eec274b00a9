using System.Diagnostics;

namespace Nebula.IntegrationTests;

/// <summary>A command-line tool the tests run (kubectl, node, redis-server), found on PATH.</summary>
internal static class ExternalTool
{
    public static bool IsInstalled(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Any(folder => File.Exists(Path.Combine(folder, name)));

    /// <summary>Runs the tool to completion; returns its exit code, standard output and standard error.</summary>
    public static Task<(int ExitCode, string Output, string Error)> RunAsync(string name, string workingDirectory, params string[] arguments) =>
        RunAsync(name, workingDirectory, new Dictionary<string, string>(), arguments);

    /// <summary>Runs the tool to completion with extra <paramref name="environment"/> variables.</summary>
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(
        string name, string workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var start = new ProcessStartInfo(name)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (variable, value) in environment)
        {
            start.Environment[variable] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var error = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        return (process.ExitCode, await output, await error);
    }
}
