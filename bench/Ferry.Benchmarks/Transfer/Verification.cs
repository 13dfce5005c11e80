namespace Ferry.Benchmarks.Transfer;

/// <summary>What a container held after an upload or an import, against the dataset; <see cref="Problems"/> has the first few differences.</summary>
internal sealed record Verification(
    int Expected, int Found, int Missing, int SizeMismatches, int Extra, int HashesChecked, int HashMismatches, TimeSpan HashingTook, IReadOnlyList<string> Problems)
{
    public bool Passed => Missing == 0 && SizeMismatches == 0 && Extra == 0 && HashMismatches == 0 && Found == Expected;

    public string Summary => Passed
        ? $"{Found:N0}/{Expected:N0} blobs, sizes equal, " + (HashesChecked == 0 ? "content not hashed" : HashesChecked == Expected ? "every MD5 equal" : $"{HashesChecked:N0} sampled MD5s equal")
        : $"FAILED: {Found:N0}/{Expected:N0} blobs, {Missing:N0} missing, {SizeMismatches:N0} of the wrong size, {Extra:N0} extra, {HashMismatches:N0}/{HashesChecked:N0} MD5s differ";
}
