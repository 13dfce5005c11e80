using System.Text.Json;

namespace Ferry.Server.Arm;

/// <summary>Operations_List: exactly the six operations of docs/arm-api.md §3.1.</summary>
internal static class ArmOperations
{
    private static readonly (string Name, string Resource, string Operation, string Description)[] _all =
    [
        ("Microsoft.ImportExport/locations/read", "Locations", "Get or List Locations",
            "Gets the properties for the specified location or returns the list of locations."),
        ("Microsoft.ImportExport/jobs/write", "Jobs", "Create or Update Job",
            "Creates a job with the specified parameters or update the properties or tags for the specified job."),
        ("Microsoft.ImportExport/jobs/read", "Jobs", "Get or List Jobs",
            "Gets the properties for the specified job or returns the list of jobs."),
        ("Microsoft.ImportExport/jobs/listBitLockerKeys/action", "Jobs", "List BitLocker Keys",
            "Gets the BitLocker keys for the specified job."),
        ("Microsoft.ImportExport/jobs/delete", "Jobs", "Delete Job", "Deletes an existing job."),
        ("Microsoft.ImportExport/register/action", "Import/Export Resource Provider", "Registers the Import/Export Resource Provider",
            "Registers the subscription for the import/export resource provider and enables the creation of import/export jobs."),
    ];

    public static void Write(Utf8JsonWriter w)
    {
        w.WriteStartObject();
        w.WriteStartArray("value");
        foreach (var (name, resource, operation, description) in _all)
        {
            w.WriteStartObject();
            w.WriteString("name", name);
            w.WriteStartObject("display");
            w.WriteString("provider", "Microsoft Import/Export");
            w.WriteString("resource", resource);
            w.WriteString("operation", operation);
            w.WriteString("description", description);
            w.WriteEndObject();
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }
}
