using Ferry.Core.Drives;

namespace Ferry.UnitTests.Core.Drives;

/// <summary><see cref="ExportPreviewer"/>: first-fit of blobs in order onto drives of one size.</summary>
public sealed class ExportPreviewerTests
{
    private const long Mb = 1_000_000;

    /// <summary>A drive whose room is exactly <paramref name="room"/> bytes after the reserve.</summary>
    private static long DriveWith(long room) => ExportPreviewer.DriveReserve + room;

    [Fact]
    public void Blobs_fill_drives_first_fit_in_order_and_a_later_small_blob_goes_back_to_an_earlier_drive()
    {
        var cost = ExportPreviewer.Cost(6 * Mb);
        var preview = ExportPreviewer.Preview([6 * Mb, 6 * Mb, 1000], DriveWith(cost + ExportPreviewer.Cost(1000)));

        Assert.Equal(3, preview.BlobCount);
        Assert.Equal((12 * Mb) + 1000, preview.TotalBytes);
        Assert.Equal(2, preview.DrivesNeeded);
        Assert.Equal([(2, (6 * Mb) + 1000), (1, 6 * Mb)], preview.PerDrive);
        Assert.Equal(0, preview.NotExportable);
    }

    [Fact]
    public void A_blob_larger_than_a_drive_is_not_exportable_and_takes_no_drive()
    {
        var preview = ExportPreviewer.Preview([10 * Mb, 1000], DriveWith(5 * Mb));

        Assert.Equal((2, 1, 1), (preview.BlobCount, preview.DrivesNeeded, preview.NotExportable));
        Assert.Equal([(1, 1000L)], preview.PerDrive);
        Assert.Equal((10 * Mb) + 1000, preview.TotalBytes);
    }

    [Fact]
    public void Each_blob_costs_its_length_8_KiB_and_200_bytes_per_started_4_MiB_block_plus_one()
    {
        Assert.Equal(8192 + 200, ExportPreviewer.Cost(0));
        Assert.Equal((4L * 1024 * 1024) + 8192 + 400, ExportPreviewer.Cost(4L * 1024 * 1024));

        var exact = ExportPreviewer.Preview([Mb, Mb], DriveWith(2 * ExportPreviewer.Cost(Mb)));
        var short1 = ExportPreviewer.Preview([Mb, Mb], DriveWith((2 * ExportPreviewer.Cost(Mb)) - 1));

        Assert.Equal(1, exact.DrivesNeeded);
        Assert.Equal(2, short1.DrivesNeeded);
    }

    [Fact]
    public void Nothing_selected_needs_no_drive() =>
        Assert.Equal(new ExportPreview(0, 0, 0, [], 0), ExportPreviewer.Preview([], 2_000_000_000));
}
