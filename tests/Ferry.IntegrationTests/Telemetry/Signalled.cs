using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;

namespace Ferry.IntegrationTests.Telemetry;

/// <summary>
/// Items recorded from another thread (a span stopped, a measurement, a log entry) and a wait for one that matches,
/// woken by each new item: the telemetry is written after the response went out, so a test must not read it at once.
/// </summary>
public sealed class Signalled<T>
{
    private readonly ConcurrentQueue<T> _items = new();
    private readonly Lock _lock = new();
    private TaskCompletionSource _added = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public IReadOnlyList<T> Items => [.. _items];

    public void Add(T item)
    {
        TaskCompletionSource added;
        lock (_lock)
        {
            _items.Enqueue(item);
            added = _added;
            _added = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        added.TrySetResult();
    }

    /// <summary>The first item that matches, waiting (at most <paramref name="timeout"/>, default 30 s) for it to be added.</summary>
    public async Task<T> WaitForAsync(Func<T, bool> match, TimeSpan? timeout = null)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        deadline.CancelAfter(timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            Task next;
            lock (_lock)
            {
                next = _added.Task;
            }

            foreach (var item in _items)
            {
                if (match(item))
                {
                    return item;
                }
            }

            try
            {
#pragma warning disable VSTHRD003 // Completed by Add on this object.
                await next.WaitAsync(deadline.Token);
#pragma warning restore VSTHRD003
            }
            catch (OperationCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
            {
                Assert.Fail($"No matching item was recorded in time; {_items.Count} were.");
            }
        }
    }
}

/// <summary>One measurement: the instrument, its value and its tags.</summary>
public sealed record Recorded(string Instrument, double Value, IReadOnlyDictionary<string, object?> Tags)
{
    public string? Tag(string name) => Tags.TryGetValue(name, out var value) ? Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) : null;
}

/// <summary>A <see cref="MeterListener"/> on one server's meters (those of its <see cref="IMeterFactory"/>): other servers in the process are not heard.</summary>
public sealed class MeasurementRecorder : IDisposable
{
    private readonly MeterListener _listener = new();

    public MeasurementRecorder(IMeterFactory scope, params string[] instruments)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter.Scope, scope) && instruments.Contains(instrument.Name))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.Start();
    }

    public Signalled<Recorded> Measurements { get; } = new();

    /// <summary>Reads the observable instruments now (their callbacks run and report).</summary>
    public void Observe() => _listener.RecordObservableInstruments();

    public void Dispose() => _listener.Dispose();

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var copy = new Dictionary<string, object?>();
        foreach (var tag in tags)
        {
            copy[tag.Key] = tag.Value;
        }

        Measurements.Add(new Recorded(instrument.Name, value, copy));
    }
}

/// <summary>An <see cref="ActivityListener"/> on the named activity sources, keeping every span when it stops.</summary>
public sealed class SpanRecorder : IDisposable
{
    private readonly ActivityListener _listener;

    public SpanRecorder(params string[] sources)
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => sources.Contains(source.Name),
            Sample = (ref _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = Spans.Add,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public Signalled<Activity> Spans { get; } = new();

    public void Dispose() => _listener.Dispose();
}

/// <summary>One log entry: category, level, its structured state, its formatted message and the scopes it was written in.</summary>
public sealed record LogEntry(string Category, LogLevel Level, IReadOnlyDictionary<string, object?> State, string Message, IReadOnlyList<IReadOnlyDictionary<string, object?>> Scopes)
{
    public string? Value(string name) => State.TryGetValue(name, out var value) ? Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) : null;
}

/// <summary>Keeps every log entry of the categories it is given, with its scopes.</summary>
public sealed class LogRecorder(params string[] categories) : ILoggerProvider, ISupportExternalScope
{
    private readonly string[] _categories = categories;
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    public Signalled<LogEntry> Entries { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose()
    {
    }

    private sealed class Logger(LogRecorder owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => owner._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => owner._categories.Contains(category);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            var scopes = new List<IReadOnlyDictionary<string, object?>>();
            owner._scopes.ForEachScope((scope, list) => list.Add(ToDictionary(scope)), scopes);
            owner.Entries.Add(new LogEntry(category, logLevel, ToDictionary(state), formatter(state, exception), scopes));
        }

        private static Dictionary<string, object?> ToDictionary(object? state)
        {
            var values = new Dictionary<string, object?>();
            if (state is IEnumerable<KeyValuePair<string, object?>> pairs)
            {
                foreach (var (key, value) in pairs)
                {
                    values[key] = value;
                }
            }

            return values;
        }
    }
}
