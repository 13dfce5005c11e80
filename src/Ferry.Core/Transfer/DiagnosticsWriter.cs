using System.Globalization;
using Azure.Storage.Blobs.Models;
using Ferry.Core.Jobs;

namespace Ferry.Core.Transfer;

/// <summary>
/// Writes a job's artefacts into its storage account (docs/formats.md §5): copy logs, manifest backups and the
/// incomplete-blob list, as block blobs with <c>Content-Type: application/xml</c> under <c>waies/</c> in the job's
/// diagnostics location. Documents are staged in a temporary file, never held whole in memory.
/// </summary>
internal sealed class DiagnosticsWriter(BlobAccount account, Job job, TimeProvider time)
{
    /// <summary>Writes <c>waies/&lt;job&gt;_&lt;drive&gt;_&lt;timestamp&gt;_&lt;kind&gt;.xml</c>; returns its URL (no credential in it).</summary>
    public Task<string> WriteDriveArtefactAsync(string driveId, string kind, Action<Stream> write, CancellationToken cancellationToken) =>
        WriteAsync($"{job.Name}_{driveId}_{Timestamp()}_{kind}.xml", write, cancellationToken);

    /// <summary>Writes <c>waies/&lt;job&gt;_&lt;timestamp&gt;_incomplete-blobs.xml</c>; returns its URL.</summary>
    public Task<string> WriteIncompleteListAsync(Action<Stream> write, CancellationToken cancellationToken) =>
        WriteAsync($"{job.Name}_{Timestamp()}_incomplete-blobs.xml", write, cancellationToken);

    /// <summary>Copies a file (the drive's manifest) as <c>…_manifest.xml</c>; returns its URL.</summary>
    public Task<string> BackUpManifestAsync(string driveId, string manifestPath, CancellationToken cancellationToken) =>
        UploadAsync($"{job.Name}_{driveId}_{Timestamp()}_manifest.xml", manifestPath, cancellationToken);

    private async Task<string> WriteAsync(string name, Action<Stream> write, CancellationToken cancellationToken)
    {
        var temporary = Path.Combine(Path.GetTempPath(), "ferry-" + Guid.NewGuid().ToString("N") + ".xml");
        try
        {
            await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                write(file);
            }

            return await UploadAsync(name, temporary, cancellationToken);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    private async Task<string> UploadAsync(string name, string path, CancellationToken cancellationToken)
    {
        var (container, prefix) = account.Diagnostics(job.DiagnosticsPath);
        if (account.Service is not null)
        {
            await container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        }

        var blob = container.GetBlobClient(prefix + "waies/" + name);
        await blob.UploadAsync(path, new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = "application/xml" } }, cancellationToken);
        return blob.Uri.GetLeftPart(UriPartial.Path);
    }

    private string Timestamp() => time.GetUtcNow().UtcDateTime.ToString("yyyyMMdd-HHmmss-fff", CultureInfo.InvariantCulture);
}
