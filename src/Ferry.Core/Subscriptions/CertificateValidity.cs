using System.Globalization;
using System.Security.Cryptography.X509Certificates;

namespace Ferry.Core.Subscriptions;

/// <summary>Where an instant falls in a certificate's validity period.</summary>
public enum CertificateValidityStatus
{
    /// <summary>Between NotBefore and NotAfter, both included.</summary>
    Valid,

    /// <summary>Before NotBefore.</summary>
    NotYetValid,

    /// <summary>After NotAfter.</summary>
    Expired,
}

/// <summary>
/// A management certificate's validity period (UTC) and how it stands at one instant: the classic surface refuses a
/// certificate outside it, <c>ferry subscription add</c> refuses to register one (docs/classic-api.md §2.2).
/// </summary>
public sealed record CertificateValidity(DateTimeOffset NotBefore, DateTimeOffset NotAfter, CertificateValidityStatus Status)
{
    /// <summary>How soon an expiry is worth a warning when a certificate is registered.</summary>
    public static readonly TimeSpan WarningWindow = TimeSpan.FromDays(30);

    /// <summary>The validity of <paramref name="certificate"/> at <paramref name="now"/>.</summary>
    public static CertificateValidity Of(X509Certificate2 certificate, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var notBefore = Utc(certificate.NotBefore);
        var notAfter = Utc(certificate.NotAfter);
        var status = now > notAfter ? CertificateValidityStatus.Expired
            : now < notBefore ? CertificateValidityStatus.NotYetValid
            : CertificateValidityStatus.Valid;
        return new CertificateValidity(notBefore, notAfter, status);
    }

    /// <summary>A certificate time (a local <see cref="DateTime"/>) as a UTC instant.</summary>
    public static DateTimeOffset Utc(DateTime certificateTime) => new(certificateTime.ToUniversalTime(), TimeSpan.Zero);

    /// <summary>An instant as messages print it: <c>2020-06-30T12:00:00Z</c>.</summary>
    public static string Format(DateTimeOffset instant) =>
        instant.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>Why the certificate <paramref name="thumbprint"/> is refused, or null when it is <see cref="CertificateValidityStatus.Valid"/>.</summary>
    public string? Problem(string thumbprint) => Status switch
    {
        CertificateValidityStatus.Expired => $"The management certificate {thumbprint} expired at {Format(NotAfter)}; register a renewed certificate.",
        CertificateValidityStatus.NotYetValid => $"The management certificate {thumbprint} is not yet valid: its validity period starts at {Format(NotBefore)}.",
        _ => null,
    };
}
