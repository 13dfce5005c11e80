using System.Security.Cryptography;
using Ferry.Core.Drives;

namespace Ferry.UnitTests.Core.Drives;

/// <summary>
/// A temporary folder for drive tests: source files with deterministic content, drive folders, a journal path, and
/// helpers to read back what the preparer wrote. Deleted on dispose.
/// </summary>
internal sealed class DriveWorkspace : IDisposable
{
    public const string AccountKey = "a2V5LW9mLXRoZS10ZXN0LWFjY291bnQ=";

    private readonly DirectoryInfo _folder = System.IO.Directory.CreateTempSubdirectory("ferry-drives-");

    public string Path => _folder.FullName;

    public string Journal => Combine("journal", "prep.jrn");

    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    /// <summary>A source file of <paramref name="length"/> bytes whose content depends on <paramref name="seed"/>.</summary>
    public string File(string relative, long length, int seed = 1)
    {
        var path = Combine(relative.Split('/'));
        System.IO.Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        System.IO.File.WriteAllBytes(path, bytes);
        return path;
    }

    public string Text(string relative, string content)
    {
        var path = Combine(relative.Split('/'));
        System.IO.Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        System.IO.File.WriteAllText(path, content);
        return path;
    }

    public string Directory(string relative)
    {
        var path = Combine(relative.Split('/'));
        System.IO.Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>An empty drive folder.</summary>
    public string Drive(string name) => Directory("drives/" + name);

    /// <summary>A dataset entry for a directory (its path ends with a separator).</summary>
    public static DatasetEntry Dir(string directory, string prefix, BlobKind kind = BlobKind.BlockBlob, string? metadata = null, string? properties = null) =>
        new(directory + System.IO.Path.DirectorySeparatorChar, prefix, kind, ImportDisposition.Rename, metadata, properties);

    public static DatasetEntry FileEntry(string file, string blob, BlobKind kind = BlobKind.BlockBlob) =>
        new(file, blob, kind, ImportDisposition.Overwrite, null, null);

    public PrepareRequest Request(string session, IReadOnlyList<DatasetEntry> dataset, params PrepareDrive[] drives) =>
        new(Journal, session, dataset, drives, StorageAccountKey: AccountKey);

    public static DriveManifest Manifest(string root)
    {
        using var stream = System.IO.File.OpenRead(System.IO.Path.Combine(root, "DriveManifest.xml"));
        Assert.True(DriveManifestXml.TryRead(stream, ManifestLimits.Default, out var manifest, out var problem), problem?.Message);
        return manifest;
    }

#pragma warning disable CA5351 // The drive formats define their hashes as MD5.
    public static string Md5Of(ReadOnlySpan<byte> bytes) => Convert.ToHexString(MD5.HashData(bytes));

    public static string Md5OfFile(string path) => Convert.ToHexString(MD5.HashData(System.IO.File.ReadAllBytes(path)));
#pragma warning restore CA5351

    /// <summary>A (small) test file's bytes; synchronous so async tests stay readable.</summary>
    public static byte[] Bytes(string path) => System.IO.File.ReadAllBytes(path);

    public static string TextOf(string path) => System.IO.File.ReadAllText(path);

    public static void Write(string path, byte[] bytes) => System.IO.File.WriteAllBytes(path, bytes);

    /// <summary>The full path of a manifest drive path on <paramref name="root"/>.</summary>
    public static string OnDrive(string root, string drivePath) =>
        System.IO.Path.Combine([root, .. drivePath.TrimStart('\\').Split('\\')]);

    public void Dispose() => _folder.Delete(recursive: true);
}

/// <summary>An <see cref="IProgress{T}"/> that runs its callback synchronously on the reporting thread.</summary>
internal sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
