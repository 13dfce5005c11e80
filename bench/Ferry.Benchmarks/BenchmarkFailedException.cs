namespace Ferry.Benchmarks;

/// <summary>The run cannot go on: the server misbehaved or a bound was hit. The message says exactly what failed.</summary>
internal sealed class BenchmarkFailedException : Exception
{
    public BenchmarkFailedException()
    {
    }

    public BenchmarkFailedException(string message)
        : base(message)
    {
    }

    public BenchmarkFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
