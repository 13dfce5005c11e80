using Ferry.Core.Drives;
using Ferry.Core.Transfer;

namespace Ferry.UnitTests.Core.Transfer;

/// <summary>How an export fills its drives: first fit in order, a remainder, and file names that cannot collide.</summary>
public sealed class ExportPlannerTests
{
    private const int Block = 4 * 1024 * 1024;

    private static ExportBlob Blob(string container, string name, long length) => new(container, name, null, null, length, BlobKind.BlockBlob, "\"0x1\"");

    private static long Room(params long[] lengths) =>
        ExportPlanner.ManifestReserve + lengths.Sum(l => l + ExportPlanner.PerBlobOverhead + ((l / Block) + 1) * 200);

    [Fact]
    public void Blobs_fill_the_drives_in_order_first_fit_and_what_fits_nowhere_is_left_over()
    {
        IReadOnlyList<ExportBlob> blobs = [Blob("c", "a", 600), Blob("c", "b", 600), Blob("c", "big", 10_000_000), Blob("c", "d", 100)];
        var plan = ExportPlanner.Plan(blobs, [("D1", Room(600, 100)), ("D2", Room(600))], Block);

        Assert.Equal(["D1", "D2", null, "D1"], plan.Select(a => a.DriveId));
        Assert.Equal([@"\c\a", @"\c\b", null, @"\c\d"], plan.Select(a => a.FilePath));
    }

    [Fact]
    public void A_blob_whose_file_would_collide_with_another_blobs_folder_gets_a_hashed_name()
    {
        IReadOnlyList<ExportBlob> blobs = [Blob("c", "x/y", 10), Blob("c", "x", 10), Blob("c", "x/y.properties", 10)];
        var plan = ExportPlanner.Plan(blobs, [("D1", Room(10, 10, 10))], Block);

        Assert.Equal(@"\c\x\y", plan[0].FilePath);
        Assert.StartsWith(@"\_blobs\", plan[1].FilePath, StringComparison.Ordinal);
        Assert.StartsWith(@"\_blobs\", plan[2].FilePath, StringComparison.Ordinal);
        Assert.Equal(3, plan.Select(a => a.FilePath).Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.Equal(plan.Select(a => a.FilePath), ExportPlanner.Plan(blobs, [("D1", Room(10, 10, 10))], Block).Select(a => a.FilePath));
    }
}
