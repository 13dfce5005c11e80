using Azure;
using Ferry.Core.Transfer;

namespace Ferry.UnitTests.Core.Transfer;

/// <summary>Which failures end a drive (the drive's own) and which propagate to the worker (the store's, docs/architecture.md §7.7).</summary>
public sealed class TransferEngineFailureTests
{
    private sealed class FakeDbException() : System.Data.Common.DbException("The database went away.");

    [Fact]
    public void A_database_failure_is_the_stores_also_when_EF_Core_wraps_it()
    {
        Assert.False(TransferEngine.IsDriveFailure(new FakeDbException()));
        Assert.False(TransferEngine.IsDriveFailure(new Microsoft.EntityFrameworkCore.DbUpdateException("Saving failed.", new FakeDbException())));

        // The execution strategy's wrapper around a transient failure: the database is down, not the drive broken.
        Assert.False(TransferEngine.IsDriveFailure(new InvalidOperationException("An exception has been raised that is likely due to a transient failure.", new FakeDbException())));
        Assert.False(TransferEngine.IsDriveFailure(new OperationCanceledException()));
    }

    [Fact]
    public void A_blob_service_or_file_failure_is_the_drives()
    {
        Assert.True(TransferEngine.IsDriveFailure(new RequestFailedException(500, "The blob service failed.")));
        Assert.True(TransferEngine.IsDriveFailure(new IOException("The drive could not be read.")));
        Assert.True(TransferEngine.IsDriveFailure(new InvalidOperationException("A defect.")));
    }
}
