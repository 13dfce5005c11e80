using System.CommandLine;
using Azure;
using Azure.Core.Pipeline;
using Azure.Storage;
using Azure.Storage.Blobs;
using Ferry.Core.Transfer;

namespace Ferry.Cli.Commands.Drives;

/// <summary>
/// The storage account options of <c>preview-export</c> and <c>repair-import</c>: <c>--account</c>, one of
/// <c>--storage-account-key</c> and <c>--container-sas</c> (<c>container?sv=…</c>), and <c>--blob-endpoint</c>.
/// </summary>
internal sealed class StorageAccountOptions
{
    public const string DefaultEndpoint = "https://{account}.blob.core.windows.net";

    public Option<string> Account { get; } = new("--account") { Description = "The storage account name.", Required = true };

    public Option<string> Key { get; } = new("--storage-account-key") { Description = "The account key (or give --container-sas)." };

    public Option<string> Sas { get; } = new("--container-sas") { Description = "A container SAS, container?sv=… (or give --storage-account-key)." };

    public Option<string> Endpoint { get; } = new("--blob-endpoint") { Description = "The blob endpoint, {account} replaced by the name (default " + DefaultEndpoint + "; e.g. http://127.0.0.1:10000/{account} for Azurite).", DefaultValueFactory = _ => DefaultEndpoint };

    public void AddTo(Command command)
    {
        foreach (var option in new[] { Account, Key, Sas, Endpoint })
        {
            command.Options.Add(option);
        }
    }

    /// <summary>
    /// The account as the transfer engine sees it (the whole account with a key, one container with a SAS), and a client
    /// for any container: with a SAS, another container gets a client with the same token, which the service refuses per blob.
    /// </summary>
    public (BlobAccount Account, Func<string, BlobContainerClient> Containers) Open(ParseResult parse, HttpPipelineTransport? transport)
    {
        var name = parse.GetValue(Account)!;
        var (key, sas) = (parse.GetValue(Key), parse.GetValue(Sas));
        if ((key is null) == (sas is null))
        {
            throw new CliException("give --storage-account-key or --container-sas (one of them).");
        }

        var template = parse.GetValue(Endpoint)!.Replace("{account}", name, StringComparison.Ordinal);
        if (!Uri.TryCreate(template.EndsWith('/') ? template : template + "/", UriKind.Absolute, out var endpoint) || endpoint.Scheme is not ("http" or "https"))
        {
            throw new CliException($"--blob-endpoint: '{template}' is not an http(s) URL.");
        }

        var options = new BlobClientOptions();
        if (transport is not null)
        {
            options.Transport = transport;
        }

        if (key is not null)
        {
            var service = new BlobServiceClient(endpoint, new StorageSharedKeyCredential(name, key), options);
            return (new BlobAccount(endpoint, service, null, null), service.GetBlobContainerClient);
        }

        var question = sas!.IndexOf('?', StringComparison.Ordinal);
        if (question <= 0 || question == sas.Length - 1)
        {
            throw new CliException("--container-sas: give the container and the token, container?sv=…");
        }

        var token = new AzureSasCredential(sas[(question + 1)..]);
        BlobContainerClient ContainerClient(string container) => new(new Uri(endpoint, Uri.EscapeDataString(container)), token, options);
        var ownName = sas[..question];
        var own = ContainerClient(ownName);
        return (new BlobAccount(endpoint, null, ownName, own), c => c == ownName ? own : ContainerClient(c));
    }
}
