namespace Ferry.UnitTests.Client;

/// <summary>Sample operator-surface bodies, as docs/operator-api.md shows them.</summary>
internal static class OperatorWire
{
    public const string JobView = """
        { "surface": "Classic", "subscriptionId": "sub-1", "resourceGroup": null, "name": "job1", "type": "Import",
          "state": "Received", "cancelRequested": false, "storageAccountName": "account1", "location": "West US",
          "percentComplete": null, "createdAt": "2026-11-28T21:00:00.0000000+00:00", "stateChangedAt": "2026-11-28T22:00:00.0000000+00:00",
          "shippingAt": "2026-11-28T21:30:00.0000000+00:00", "etag": "W/\"datetime'2026-11-28T22%3A00%3A00Z'\"",
          "deliveryPackage": { "carrierName": "FedEx", "trackingNumber": "1", "driveCount": 1, "shipDate": "2026-11-28" },
          "returnPackage": null, "extraDrives": ["X-9"],
          "drives": [ { "driveId": "WD-1", "state": "Received", "copyStatus": null, "percentComplete": null,
                        "bytesSucceeded": 0, "contentPath": "/bay/WD-1", "stateChangedAt": "2026-11-28T22:00:00.0000000+00:00" },
                      { "driveId": "WD-2", "state": "CompletedMoreInfo", "copyStatus": "ManifestNotFound", "percentComplete": 100,
                        "bytesSucceeded": 1024, "contentPath": null, "stateChangedAt": "2026-11-28T22:00:00.0000000+00:00" } ] }
        """;

    public const string History = """
        {"value":[
          { "sequence": 41, "at": "2026-11-28T21:00:00.0000000+00:00", "actorKind": "Subscription", "actor": "sub-1", "action": "Create",
            "driveId": null, "oldState": null, "newState": "Creating", "reason": null },
          { "sequence": 42, "at": "2026-11-28T22:00:00.0000000+00:00", "actorKind": "Operator", "actor": "operator", "action": "ReceivePackage",
            "driveId": "WD-1", "oldState": "Specified", "newState": "Received", "reason": "in the package" }]}
        """;

    public const string Emulation = """{ "enabled": true, "driveBay": "/srv/bay", "progression": "Delayed", "stepDelay": "00:00:05", "neverReceivedAfter": "14.00:00:00" }""";

    public const string Problem = """
        { "type": "https://ferry.dev/errors/Conflict", "title": "Conflict", "status": 409,
          "detail": "Drive 'WD-1' is in state Completed; only a Received drive can start copying.", "code": "Conflict", "target": "driveId" }
        """;
}
