namespace Nebula.EmbeddedRedis;

/// <summary>Passes on Garnet's logs from <paramref name="minimumLevel"/> up: below Warning it logs every connection.</summary>
internal sealed class FilteredLoggerFactory(ILoggerFactory inner, LogLevel minimumLevel) : ILoggerFactory
{
    public ILogger CreateLogger(string categoryName) => new FilteredLogger(inner.CreateLogger(categoryName), minimumLevel);

    public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

    // The host owns the inner factory.
    public void Dispose()
    {
    }

    private sealed class FilteredLogger(ILogger logger, LogLevel minimumLevel) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => logger.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel >= minimumLevel && logger.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                logger.Log(logLevel, eventId, state, exception, formatter);
            }
        }
    }
}
