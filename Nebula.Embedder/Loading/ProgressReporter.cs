using System.Diagnostics;
using Nebula.Catalog.Reading;
using Spectre.Console;

namespace Nebula.Embedder.Loading;

/// <summary>Progress of a load: a live bar with items/s and ETA in a terminal, a periodic log line otherwise.</summary>
internal abstract partial class ProgressReporter : IDisposable
{
    protected ProgressReporter(CatalogReadProgress progress, LoadSummary summary)
    {
        Progress = progress;
        Summary = summary;
    }

    protected CatalogReadProgress Progress { get; }

    protected LoadSummary Summary { get; }

    protected Stopwatch Clock { get; } = Stopwatch.StartNew();

    protected double ItemsPerSecond => Clock.Elapsed.TotalSeconds > 0 ? Summary.Report.Accepted / Clock.Elapsed.TotalSeconds : 0;

    protected TimeSpan? Eta => Progress.Fraction is > 0.01 and < 1
        ? TimeSpan.FromSeconds(Clock.Elapsed.TotalSeconds * (1 - Progress.Fraction) / Progress.Fraction)
        : null;

    public static ProgressReporter Create(CatalogReadProgress progress, LoadSummary summary, TimeSpan logInterval, ILogger logger)
        => !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive
            ? new TerminalProgress(progress, summary)
            : new LogProgress(progress, summary, logInterval, logger);

    public abstract void Update();

    public virtual void Dispose()
    {
    }

    private sealed class TerminalProgress : ProgressReporter
    {
        private readonly ProgressContext _context;
        private readonly ProgressTask _task;
        private readonly TaskCompletionSource _done = new();
        private readonly Task _run;

        public TerminalProgress(CatalogReadProgress progress, LoadSummary summary)
            : base(progress, summary)
        {
            var ready = new TaskCompletionSource<(ProgressContext, ProgressTask)>();
            _run = AnsiConsole.Progress()
                .AutoClear(false)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
                .StartAsync(async context =>
                {
                    ready.SetResult((context, context.AddTask("Embedding", maxValue: 1)));
                    await _done.Task;
                });
            (_context, _task) = ready.Task.GetAwaiter().GetResult();
        }

        public override void Update()
        {
            _task.Value = Progress.Fraction;
            _task.Description = $"{Summary.Report.Accepted:N0} items, {ItemsPerSecond:0}/s";
            _context.Refresh();
        }

        public override void Dispose()
        {
            _task.Value = 1;
            _done.TrySetResult();
            _run.GetAwaiter().GetResult();
            base.Dispose();
        }
    }

    private sealed partial class LogProgress(CatalogReadProgress progress, LoadSummary summary, TimeSpan interval, ILogger logger) : ProgressReporter(progress, summary)
    {
        private TimeSpan _next;

        public override void Update()
        {
            if (Clock.Elapsed < _next)
            {
                return;
            }

            _next = Clock.Elapsed + interval;
            LogProgressLine(logger, Summary.Report.Accepted, ItemsPerSecond, Progress.Fraction * 100, Eta is { } eta ? $"{eta:hh\\:mm\\:ss}" : "unknown");
        }

        [LoggerMessage(Level = LogLevel.Information, Message = "{Items} items read ({ItemsPerSecond:0}/s), {Percent:0}% of the file, ETA {Eta}")]
        private static partial void LogProgressLine(ILogger logger, long items, double itemsPerSecond, double percent, string eta);
    }
}
