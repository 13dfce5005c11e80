using System.Security.Cryptography;
using Ferry.Server.Arm;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Ferry.UnitTests.Server.Arm;

/// <summary>
/// The ARM authentication services registered as the server registers them (<see cref="ArmAuthenticationSetup.AddArmAuthentication"/>)
/// over a temporary data directory, a <see cref="FakeTimeProvider"/>, and a trusted key (its public PEM in
/// <c>SigningKeys</c>) with which tests sign tokens.
/// </summary>
internal sealed class ArmAuthTestHost : IDisposable
{
    public const string Issuer = "https://issuer.example/";
    public const string Audience = "api://ferry-tests";

    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("ferry-arm-auth");
    private readonly ServiceProvider _services;

    public ArmAuthTestHost(IDictionary<string, string?>? settings = null, bool devCredentials = false, bool trustKey = true, Action<IServiceCollection>? configure = null)
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        TrustedKey = new ECDsaSecurityKey(key) { KeyId = ArmTokens.KeyId(key) };
        var publicKeyPath = Path.Combine(_folder.FullName, "trusted.pem");
        File.WriteAllText(publicKeyPath, key.ExportSubjectPublicKeyInfoPem());

        var all = new Dictionary<string, string?>();
        if (trustKey)
        {
            all["Ferry:Arm:Authentication:Issuer"] = Issuer;
            all["Ferry:Arm:Authentication:Audience"] = Audience;
            all["Ferry:Arm:Authentication:SigningKeys:0"] = publicKeyPath;
        }

        foreach (var (name, value) in settings ?? new Dictionary<string, string?>())
        {
            all[name] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(all).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Debug));
        services.AddSingleton<TimeProvider>(Clock);
        services.AddArmAuthentication(configuration, DataDirectory, devCredentials);
        configure?.Invoke(services);
        _services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 1, 5, 9, 0, 0, TimeSpan.Zero));

    public SecurityKey TrustedKey { get; }

    public string DataDirectory => Path.Combine(_folder.FullName, "data");

    public IServiceProvider Services => _services;

    /// <summary>A token signed by <paramref name="key"/> (the trusted key by default) with exactly <paramref name="claims"/> besides the registered ones.</summary>
    public string Token(IDictionary<string, object> claims, SecurityKey? key = null, string issuer = Issuer, string audience = Audience, DateTimeOffset? notBefore = null, TimeSpan? lifetime = null)
    {
        var start = notBefore ?? Clock.GetUtcNow();
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            NotBefore = start.UtcDateTime,
            IssuedAt = start.UtcDateTime,
            Expires = (start + (lifetime ?? TimeSpan.FromHours(1))).UtcDateTime,
            Claims = claims,
            SigningCredentials = new SigningCredentials(key ?? TrustedKey, SecurityAlgorithms.EcdsaSha256),
        });
    }

    /// <summary>A token of <c>ferry-developer</c> granting <paramref name="subscriptions"/>, minted as the server mints.</summary>
    public string Granting(params string[] subscriptions) =>
        ArmTokens.Mint(TrustedKey, Issuer, Audience, "ferry-developer", subscriptions, Clock.GetUtcNow(), TimeSpan.FromHours(1));

    /// <summary>Runs the authenticator on a fresh request whose <c>Authorization</c> header is <paramref name="authorization"/>.</summary>
    public async Task<(Ferry.Core.Errors.FerryError? Error, HttpContext Http)> AuthenticateAsync(string? authorization, string subscriptionId)
    {
        await using var scope = _services.CreateAsyncScope();
        var http = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        if (authorization is not null)
        {
            http.Request.Headers.Authorization = authorization;
        }

        var error = await scope.ServiceProvider.GetRequiredService<ArmAuthenticator>().AuthenticateAsync(http, subscriptionId);
        return (error, http);
    }

    public void Dispose()
    {
        _services.Dispose();
        _folder.Delete(recursive: true);
    }
}
