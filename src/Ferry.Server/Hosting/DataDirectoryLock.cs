namespace Ferry.Server.Hosting;

/// <summary>
/// An exclusive lock on <c>ferry.lock</c> in the data directory, so a second server on the same SQLite file fails
/// at startup instead of sharing it. Released when disposed or when the process dies.
/// </summary>
internal sealed class DataDirectoryLock : IDisposable
{
    private readonly FileStream _stream;

    private DataDirectoryLock(FileStream stream) => _stream = stream;

    public static DataDirectoryLock Acquire(string dataDirectory)
    {
        var path = Path.Combine(dataDirectory, "ferry.lock");
        try
        {
            var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            return new DataDirectoryLock(stream);
        }
        catch (IOException e)
        {
            throw new InvalidOperationException($"The data directory '{dataDirectory}' is in use by another Ferry process ({e.Message}).", e);
        }
    }

    public void Dispose() => _stream.Dispose();
}
