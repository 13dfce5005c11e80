namespace Ferry.Core.Drives;

/// <summary>
/// Plans an export onto drives of one size the way the export engine fills a job's drives: each blob, in the given order,
/// goes onto the first drive with room for it (first fit), and a new drive is opened when none has room.
/// </summary>
public static class ExportPreviewer
{
    /// <summary>Room kept on every drive for its manifest and label: 1 MiB.</summary>
    public const long DriveReserve = 1024 * 1024;

    /// <summary>Bytes counted per blob beyond its data, for its properties and metadata files and manifest entry: 8 KiB.</summary>
    public const long PerBlobOverhead = 8 * 1024;

    /// <summary>Bytes counted per 4 MiB block of a blob (and one more block per blob), for its manifest entries: 200.</summary>
    public const long PerBlockOverhead = 200;

    private const long ExportBlockSize = 4 * 1024 * 1024;

    /// <summary>
    /// The drives an export of blobs of <paramref name="blobLengths"/> needs on drives of <paramref name="driveSize"/> bytes.
    /// A blob costs its length, <see cref="PerBlobOverhead"/>, and <see cref="PerBlockOverhead"/> per started 4 MiB block
    /// plus one; a drive offers its size less <see cref="DriveReserve"/>. A blob costing more than one drive offers is
    /// counted in <see cref="ExportPreview.NotExportable"/> and placed nowhere.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="driveSize"/> is not positive, or a length is negative.</exception>
    public static ExportPreview Preview(IEnumerable<long> blobLengths, long driveSize)
    {
        ArgumentNullException.ThrowIfNull(blobLengths);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(driveSize);
        var room = driveSize - DriveReserve;
        var free = new List<long>();
        var perDrive = new List<(int Blobs, long Bytes)>();
        var (count, total, notExportable) = (0, 0L, 0);
        foreach (var length in blobLengths)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(length, nameof(blobLengths));
            count++;
            total += length;
            var cost = Cost(length);
            if (cost > room)
            {
                notExportable++;
                continue;
            }

            var drive = free.FindIndex(f => f >= cost);
            if (drive < 0)
            {
                drive = free.Count;
                free.Add(room);
                perDrive.Add((0, 0));
            }

            free[drive] -= cost;
            perDrive[drive] = (perDrive[drive].Blobs + 1, perDrive[drive].Bytes + length);
        }

        return new ExportPreview(count, total, perDrive.Count, perDrive, notExportable);
    }

    /// <summary>What one blob of <paramref name="length"/> bytes takes on a drive.</summary>
    public static long Cost(long length) => length + PerBlobOverhead + (length / ExportBlockSize + 1) * PerBlockOverhead;
}
