using System.Text.Json.Serialization;

namespace Ferry.Client.Models;

/// <summary>A classic Import/Export job: its name, its properties, its drives (import) and its export selection (export).</summary>
public sealed class ImportExportJob
{
    /// <summary>Creates an empty job; set <see cref="Name"/> and <see cref="Properties"/> before sending it.</summary>
    public ImportExportJob()
    {
    }

    /// <summary>Creates a job with the given name and properties.</summary>
    /// <param name="name">The job name; it must equal the name in the request URI.</param>
    /// <param name="properties">The job properties.</param>
    public ImportExportJob(string name, JobProperties properties)
    {
        Name = name;
        Properties = properties;
    }

    /// <summary>The job name (<c>Name</c>), unique per subscription.</summary>
    [JsonPropertyName("Name")]
    public string? Name { get; set; }

    /// <summary>The job properties (<c>Properties</c>).</summary>
    [JsonPropertyName("Properties")]
    public JobProperties? Properties { get; set; }

    /// <summary>The drives of the job (<c>DriveList</c>): required for import jobs, set by the service for export jobs; <see langword="null"/> when the job has no drives or in a List Jobs result.</summary>
    [JsonPropertyName("DriveList")]
    public IList<JobDrive>? DriveList { get; set; }

    /// <summary>The blobs an export job exports (<c>Export</c>); <see langword="null"/> for import jobs.</summary>
    [JsonPropertyName("Export")]
    public ExportSelection? Export { get; set; }
}
