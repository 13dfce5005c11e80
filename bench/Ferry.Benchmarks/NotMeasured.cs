namespace Ferry.Benchmarks;

/// <summary>An operation whose check request failed, so it was not put under load; <see cref="Reason"/> has the request and response.</summary>
internal sealed record NotMeasured(string Operation, string Reason);
