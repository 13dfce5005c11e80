using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;

namespace Ferry.Benchmarks.Transfer;

/// <summary>
/// The benchmark's dataset: random, incompressible bytes from a seeded generator, in four size classes that split the
/// total as 1/2 large files, 1/4 16 MiB files, 3/16 1 MiB files and 1/16 64 KiB files. At 2 GiB that is 4 × 256 MiB,
/// 32 × 16 MiB, 384 × 1 MiB and 2,048 × 64 KiB; smaller totals shrink the large files (never below 16 MiB) and the
/// counts. The same seed and size always give the same bytes.
/// </summary>
internal sealed class Dataset
{
    private const long MiB = 1024 * 1024;

    private Dataset(string root, IReadOnlyList<DatasetClass> classes, IReadOnlyList<DatasetFile> files)
    {
        Root = root;
        Classes = classes;
        Files = files;
    }

    /// <summary>The folder that holds the files.</summary>
    public string Root { get; }

    public IReadOnlyList<DatasetClass> Classes { get; }

    public IReadOnlyList<DatasetFile> Files { get; }

    public long Bytes => Files.Sum(f => f.Length);

    /// <summary>The size classes of a dataset of <paramref name="totalMiB"/> MiB; their bytes add up to exactly that.</summary>
    public static IReadOnlyList<DatasetClass> Plan(int totalMiB)
    {
        var total = totalMiB * MiB;
        var large = Math.Clamp(total / 8, 16 * MiB, 256 * MiB);
        List<DatasetClass> classes =
        [
            new("large", large, (int)(total / 2 / large)),
            new("16mib", Math.Min(16 * MiB, large), (int)(total / 4 / Math.Min(16 * MiB, large))),
            new("1mib", MiB, (int)(total * 3 / 16 / MiB)),
        ];
        var rest = total - classes.Sum(c => c.Bytes);
        classes.Add(new DatasetClass("64kib", 64 * 1024, (int)(rest / (64 * 1024))));
        return [.. classes.Where(c => c.Count > 0)];
    }

    /// <summary>Writes the dataset into <paramref name="root"/> (created), hashing each file as it is written.</summary>
    public static async Task<Dataset> GenerateAsync(string root, int totalMiB, int seed, CancellationToken cancellationToken)
    {
        var classes = Plan(totalMiB);
        var random = new Xoshiro256(seed);
        var buffer = GC.AllocateUninitializedArray<byte>((int)MiB);
        var files = new List<DatasetFile>();
        foreach (var c in classes)
        {
            var folder = Directory.CreateDirectory(Path.Combine(root, c.Name)).FullName;
            for (var i = 0; i < c.Count; i++)
            {
                var name = $"{c.Name}/file-{i.ToString("D5", CultureInfo.InvariantCulture)}.bin";
                using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
                await using (var stream = new FileStream(Path.Combine(folder, Path.GetFileName(name)), new FileStreamOptions
                {
                    Mode = FileMode.CreateNew,
                    Access = FileAccess.Write,
                    BufferSize = 0,
                    PreallocationSize = c.FileSize,
                }))
                {
                    for (long written = 0; written < c.FileSize;)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        var chunk = buffer.AsMemory(0, (int)Math.Min(buffer.Length, c.FileSize - written));
                        random.Fill(chunk.Span);
                        md5.AppendData(chunk.Span);
                        await stream.WriteAsync(chunk, cancellationToken);
                        written += chunk.Length;
                    }
                }

                files.Add(new DatasetFile(name, c.FileSize, Convert.ToHexString(md5.GetHashAndReset())));
            }
        }

        return new Dataset(Path.GetFullPath(root), classes, files);
    }

    /// <summary>xoshiro256** seeded through SplitMix64: fast, and the same bytes on every machine.</summary>
    private sealed class Xoshiro256
    {
        private ulong _s0;
        private ulong _s1;
        private ulong _s2;
        private ulong _s3;

        public Xoshiro256(int seed)
        {
            var x = (ulong)seed;
            _s0 = SplitMix(ref x);
            _s1 = SplitMix(ref x);
            _s2 = SplitMix(ref x);
            _s3 = SplitMix(ref x);
        }

        public void Fill(Span<byte> destination)
        {
            while (destination.Length >= 8)
            {
                BinaryPrimitives.WriteUInt64LittleEndian(destination, Next());
                destination = destination[8..];
            }

            if (destination.Length > 0)
            {
                Span<byte> last = stackalloc byte[8];
                BinaryPrimitives.WriteUInt64LittleEndian(last, Next());
                last[..destination.Length].CopyTo(destination);
            }
        }

        private ulong Next()
        {
            var result = ulong.RotateLeft(_s1 * 5, 7) * 9;
            var t = _s1 << 17;
            _s2 ^= _s0;
            _s3 ^= _s1;
            _s1 ^= _s2;
            _s0 ^= _s3;
            _s2 ^= t;
            _s3 = ulong.RotateLeft(_s3, 45);
            return result;
        }

        private static ulong SplitMix(ref ulong x)
        {
            var z = x += 0x9E3779B97F4A7C15;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
            return z ^ (z >> 31);
        }
    }
}
