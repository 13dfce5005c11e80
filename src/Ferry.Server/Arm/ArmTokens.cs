using System.Buffers.Text;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Ferry.Server.Arm;

/// <summary>
/// Signing keys and tokens of the ARM surface, shared by the server (development token) and <c>ferry token</c>: a
/// development key is an ECDSA P-256 private key, PKCS#8 PEM, readable by its owner only; a token is a JWT signed with it
/// (ES256) carrying <c>sub</c>, <c>name</c> and the granted <c>subscriptions</c>.
/// </summary>
public static class ArmTokens
{
    /// <summary>The claim of the subscriptions a minted token grants.</summary>
    public const string SubscriptionsClaim = ArmAuthenticationOptions.DefaultSubscriptionsClaim;

    /// <summary>The subject of the development token.</summary>
    public const string DevelopmentSubject = "ferry-developer";

    /// <summary>The development signing key of <paramref name="dataDirectory"/>: <c>certs/arm-signing.key</c>.</summary>
    public static string SigningKeyPath(string dataDirectory) => Path.Combine(dataDirectory, "certs", "arm-signing.key");

    /// <summary>
    /// A signed JWT (ES256 for P-256 keys, RS256 for RSA keys) valid from <paramref name="notBefore"/> for
    /// <paramref name="lifetime"/>, granting <paramref name="subscriptions"/> (<c>*</c> for every one).
    /// </summary>
    public static string Mint(SecurityKey signingKey, string issuer, string audience, string subject, IEnumerable<string> subscriptions, DateTimeOffset notBefore, TimeSpan lifetime)
    {
        ArgumentNullException.ThrowIfNull(signingKey);
        ArgumentException.ThrowIfNullOrEmpty(issuer);
        ArgumentException.ThrowIfNullOrEmpty(audience);
        ArgumentException.ThrowIfNullOrEmpty(subject);
        ArgumentNullException.ThrowIfNull(subscriptions);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(lifetime, TimeSpan.Zero);

        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            IssuedAt = notBefore.UtcDateTime,
            NotBefore = notBefore.UtcDateTime,
            Expires = (notBefore + lifetime).UtcDateTime,
            Claims = new Dictionary<string, object>
            {
                [JwtRegisteredClaimNames.Sub] = subject,
                [JwtRegisteredClaimNames.Name] = subject,
                [SubscriptionsClaim] = subscriptions.ToArray(),
            },
            SigningCredentials = new SigningCredentials(signingKey, AlgorithmOf(signingKey)),
        };

        // Times come from the caller's clock only, never from the handler's.
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(descriptor);
    }

    /// <summary>Loads a PEM private key (EC or RSA) to sign with; its key id is derived from the public key.</summary>
    /// <exception cref="InvalidOperationException">The file is missing or holds no private key.</exception>
    public static SecurityKey LoadSigningKey(string path)
    {
        var text = ReadPem(path, "Signing key");
        if (!text.Contains("PRIVATE KEY-----", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"Signing key file '{path}' holds no PEM private key.");
        }

        return ImportKey(text, path);
    }

    /// <summary>The development signing key at <paramref name="path"/>, created (ECDSA P-256, owner-only) when there is none.</summary>
    internal static SecurityKey LoadOrCreateSigningKey(string path)
    {
        if (File.Exists(path))
        {
            return LoadSigningKey(path);
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using (var key = ECDsa.Create(ECCurve.NamedCurves.nistP256))
        {
            var temp = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
            WriteOwnerOnly(temp, key.ExportPkcs8PrivateKeyPem() + "\n");
            try
            {
                // Instances starting together on one data directory agree on the first key written.
                File.Move(temp, path, overwrite: false);
            }
            catch (IOException) when (File.Exists(path))
            {
                File.Delete(temp);
            }
        }

        return LoadSigningKey(path);
    }

    /// <summary>Loads a PEM file of <c>Ferry:Arm:Authentication:SigningKeys</c>: a certificate, or a public (or private) EC or RSA key.</summary>
    /// <exception cref="InvalidOperationException">The file is missing or holds no usable key.</exception>
    internal static SecurityKey LoadVerificationKey(string path)
    {
        var text = ReadPem(path, "Signing key");
        if (text.Contains("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal))
        {
            try
            {
                return new X509SecurityKey(X509Certificate2.CreateFromPem(text));
            }
            catch (CryptographicException e)
            {
                throw new InvalidOperationException($"Signing key file '{path}' holds no readable PEM certificate: {e.Message}", e);
            }
        }

        return ImportKey(text, path);
    }

    /// <summary>The key id of a public key: the base64url SHA-256 of its SubjectPublicKeyInfo.</summary>
    internal static string KeyId(AsymmetricAlgorithm key) =>
        Base64Url.EncodeToString(SHA256.HashData(key.ExportSubjectPublicKeyInfo()));

    private static string AlgorithmOf(SecurityKey key) => key switch
    {
        ECDsaSecurityKey ec => ec.ECDsa.KeySize switch
        {
            384 => SecurityAlgorithms.EcdsaSha384,
            521 => SecurityAlgorithms.EcdsaSha512,
            _ => SecurityAlgorithms.EcdsaSha256,
        },
        RsaSecurityKey => SecurityAlgorithms.RsaSha256,
        _ => throw new ArgumentException($"Cannot sign with a {key.GetType().Name}; use an EC or RSA key.", nameof(key)),
    };

    private static SecurityKey ImportKey(string pem, string path)
    {
        var ec = ECDsa.Create();
        try
        {
            ec.ImportFromPem(pem);
            return new ECDsaSecurityKey(ec) { KeyId = KeyId(ec) };
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            ec.Dispose();
        }

        var rsa = RSA.Create();
        try
        {
            rsa.ImportFromPem(pem);
            return new RsaSecurityKey(rsa) { KeyId = KeyId(rsa) };
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            rsa.Dispose();
            throw new InvalidOperationException($"Signing key file '{path}' holds no PEM EC or RSA key.", e);
        }
    }

    private static string ReadPem(string path, string what)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException($"{what} file '{path}' cannot be read: {e.Message}", e);
        }
    }

    private static void WriteOwnerOnly(string path, string text)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var writer = new StreamWriter(new FileStream(path, options)))
        {
            writer.Write(text);
        }

        if (!OperatingSystem.IsWindows())
        {
            // The create mode is filtered through the umask; make the final mode exactly 0600.
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }
}
