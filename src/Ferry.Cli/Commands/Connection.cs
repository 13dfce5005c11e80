using System.CommandLine;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Azure.Core;
using Ferry.Cli.Commands.Arm;
using Ferry.Client.Classic;
using Ferry.Client.Operator;

namespace Ferry.Cli.Commands;

/// <summary>
/// How API commands reach a server. By default everything comes from the data directory's <c>dev-credentials.json</c>;
/// <c>--endpoint</c>, <c>--subscription</c>, <c>--certificate</c>/<c>--key</c>, <c>--server-certificate</c> and
/// <c>--operator-token</c> (or <c>FERRY_OPERATOR_TOKEN</c>) and, for the ARM commands, <c>--token</c> (or
/// <c>FERRY_ARM_TOKEN</c>) override it.
/// </summary>
internal sealed class Connection(CliEnvironment env)
{
    public const string DefaultEndpoint = "https://localhost:8443/";
    public const string TokenVariable = "FERRY_OPERATOR_TOKEN";
    public const string ArmTokenVariable = "FERRY_ARM_TOKEN";

    public Option<string> DataDir { get; } = new("--data-dir") { Description = "Data directory whose dev-credentials.json to use.", DefaultValueFactory = _ => "ferry-data", Recursive = true };

    public Option<string> Endpoint { get; } = new("--endpoint") { Description = "Server URL (default: the credentials' endpoint, else " + DefaultEndpoint + ").", Recursive = true };

    public Option<string> Subscription { get; } = new("--subscription") { Description = "Subscription id (default: the credentials' subscriptionId).", Recursive = true };

    public Option<FileInfo> ServerCertificate { get; } = new("--server-certificate") { Description = "PEM certificate to trust for the server (default: the credentials' serverCertificate).", Recursive = true };

    public Option<FileInfo> Certificate { get; } = new("--certificate") { Description = "PEM management certificate, with its key unless --key is given.", Recursive = true };

    public Option<FileInfo> Key { get; } = new("--key") { Description = "PEM private key of --certificate.", Recursive = true };

    public Option<string> OperatorToken { get; } = new("--operator-token") { Description = "Operator bearer token (default: $" + TokenVariable + ", else the credentials' operatorToken).", Recursive = true };

    public Option<string> ArmToken { get; } = new("--token") { Description = "ARM bearer token (default: $" + ArmTokenVariable + ", else the credentials' armToken). Never printed.", Recursive = true };

    /// <summary>Adds the options of ARM commands (bearer token) to a command group.</summary>
    public void AddArmOptions(Command group)
    {
        foreach (var option in new Option[] { DataDir, Endpoint, Subscription, ServerCertificate, ArmToken })
        {
            group.Options.Add(option);
        }
    }

    /// <summary>Adds the options of customer commands (management certificate) to a command group.</summary>
    public void AddCustomerOptions(Command group)
    {
        foreach (var option in new Option[] { DataDir, Endpoint, Subscription, ServerCertificate, Certificate, Key })
        {
            group.Options.Add(option);
        }
    }

    /// <summary>Adds the options of operator commands (bearer token) to a command group.</summary>
    public void AddOperatorOptions(Command group)
    {
        foreach (var option in new Option[] { DataDir, Endpoint, Subscription, ServerCertificate, OperatorToken })
        {
            group.Options.Add(option);
        }
    }

    public async Task<ClassicImportExportClient> ClassicClientAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var credentials = await CredentialsAsync(parse, cancellationToken);
        var subscription = SubscriptionId(parse, credentials);
        var certificatePath = parse.GetValue(Certificate)?.FullName ?? credentials?.ManagementCertificate
            ?? throw Missing("management certificate", "--certificate", parse);
        var keyPath = parse.GetValue(Certificate) is null ? credentials?.ManagementKey : parse.GetValue(Key)?.FullName;
        var options = new ClassicImportExportClientOptions { ServerCertificate = PinnedCertificate(parse, credentials) };
        Configure(options);
        return new ClassicImportExportClient(EndpointOf(parse, credentials), subscription, LoadClientCertificate(certificatePath, keyPath), options);
    }

    public async Task<(FerryOperatorClient Client, string? SubscriptionId)> OperatorClientAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var credentials = await CredentialsAsync(parse, cancellationToken);
        var token = parse.GetValue(OperatorToken) ?? env.GetEnvironmentVariable(TokenVariable) ?? credentials?.OperatorToken;
        if (string.IsNullOrEmpty(token))
        {
            throw Missing("operator token", "--operator-token or $" + TokenVariable, parse);
        }

        var options = new FerryOperatorClientOptions { ServerCertificate = PinnedCertificate(parse, credentials) };
        Configure(options);
        return (new FerryOperatorClient(EndpointOf(parse, credentials), token, options), parse.GetValue(Subscription) ?? credentials?.SubscriptionId);
    }

    public async Task<ArmClient> ArmClientAsync(ParseResult parse, string apiVersion, CancellationToken cancellationToken)
    {
        var credentials = await CredentialsAsync(parse, cancellationToken);
        var token = parse.GetValue(ArmToken) ?? env.GetEnvironmentVariable(ArmTokenVariable) ?? credentials?.ArmToken;
        if (string.IsNullOrEmpty(token))
        {
            throw Missing("ARM token", "--token or $" + ArmTokenVariable, parse);
        }

        var options = new ArmClient.Options();
        Configure(options);
        return new ArmClient(EndpointOf(parse, credentials), SubscriptionId(parse, credentials), token, apiVersion, PinnedCertificate(parse, credentials), options);
    }

    /// <summary>The subscription of <c>--subscription</c> or the credentials; a usage error when neither has one.</summary>
    public string SubscriptionId(ParseResult parse, DevCredentialsFile? credentials) =>
        parse.GetValue(Subscription) ?? credentials?.SubscriptionId ?? throw Missing("subscription", "--subscription", parse);

    private async Task<DevCredentialsFile?> CredentialsAsync(ParseResult parse, CancellationToken cancellationToken) =>
        await DevCredentialsFile.ReadOrNullAsync(parse.GetValue(DataDir)!, cancellationToken);

    private Uri EndpointOf(ParseResult parse, DevCredentialsFile? credentials)
    {
        if (parse.GetValue(Endpoint) is { } endpoint)
        {
            return Uri.TryCreate(endpoint, UriKind.Absolute, out var given) ? given : throw new CliException($"--endpoint '{endpoint}' is not an absolute URL.");
        }

        return Uri.TryCreate(credentials?.Endpoint ?? DefaultEndpoint, UriKind.Absolute, out var uri)
            ? uri
            : throw new CliException($"the credentials' endpoint '{credentials?.Endpoint}' is not an absolute URL.");
    }

    private X509Certificate2? PinnedCertificate(ParseResult parse, DevCredentialsFile? credentials)
    {
        var path = parse.GetValue(ServerCertificate)?.FullName ?? credentials?.ServerCertificate;
        return path is null ? null : Load(path, () => X509Certificate2.CreateFromPem(File.ReadAllText(path)));
    }

    private static X509Certificate2 LoadClientCertificate(string certificatePath, string? keyPath) => Load(certificatePath, () =>
    {
        using var ephemeral = keyPath is null ? X509Certificate2.CreateFromPemFile(certificatePath) : X509Certificate2.CreateFromPemFile(certificatePath, keyPath);

        // PEM keys are ephemeral, which SChannel (Windows) refuses for client authentication; a PKCS#12 round trip is not.
        return X509CertificateLoader.LoadPkcs12(ephemeral.Export(X509ContentType.Pkcs12), password: null);
    });

    private static X509Certificate2 Load(string path, Func<X509Certificate2> load)
    {
        try
        {
            return load();
        }
        catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            throw new CliException($"cannot read certificate '{path}': {e.Message}");
        }
    }

    private void Configure(ClientOptions options)
    {
        options.Retry.MaxRetries = 2;
        options.Retry.NetworkTimeout = TimeSpan.FromSeconds(30);
        if (env.Transport is { } transport)
        {
            options.Transport = transport;
        }
    }

    private CliException Missing(string what, string option, ParseResult parse) =>
        new($"no {what}: pass {option}, or --data-dir pointing at a data directory with {DevCredentialsFile.FileName} (looked in '{Path.GetFullPath(parse.GetValue(DataDir)!)}').");
}
