using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Ferry.Core.Drives;

/// <summary>
/// The label of a folder drive, which has no BitLocker volume: the file <see cref="FileName"/> at the drive root,
/// <c>&lt;FerryDrive Version="1"&gt;&lt;DriveId&gt;…&lt;/DriveId&gt;&lt;Capacity&gt;bytes&lt;/Capacity&gt;?&lt;Protector
/// Algorithm="PBKDF2-SHA256" Iterations="…" Salt="base64"&gt;base64 hash&lt;/Protector&gt;&lt;/FerryDrive&gt;</c>. The
/// protector is a salted PBKDF2-SHA256 of the recovery password, never the password itself.
/// </summary>
/// <param name="DriveId">The drive's id (<see cref="DriveIds.IsValid"/>).</param>
/// <param name="Capacity">The drive's capacity in bytes; null when not stated.</param>
/// <param name="Algorithm">The protector's algorithm; only <see cref="Pbkdf2Sha256"/> unlocks.</param>
/// <param name="Iterations">PBKDF2 iterations.</param>
/// <param name="Salt">The salt.</param>
/// <param name="Hash">The derived key of the recovery password.</param>
/// <remarks><see cref="ToString"/> shows neither salt nor hash.</remarks>
public sealed record DriveLabel(string DriveId, long? Capacity, string Algorithm, int Iterations, byte[] Salt, byte[] Hash)
{
    /// <summary>The label's file name at the drive root.</summary>
    public const string FileName = "FerryDrive.xml";

    /// <summary>The protector algorithm Ferry writes.</summary>
    public const string Pbkdf2Sha256 = "PBKDF2-SHA256";

    /// <summary>Iterations of new labels.</summary>
    public const int DefaultIterations = 100_000;

    /// <summary>Fewest iterations a label read from a drive may have.</summary>
    public const int MinIterations = 1_000;

    /// <summary>Most iterations a label read from a drive may have (bounds the work <see cref="Unlocks"/> does).</summary>
    public const int MaxIterations = 10_000_000;

    private const int SaltBytes = 16;
    private const int HashBytes = 32;
    private const long MaxFileCharacters = 64 * 1024;

    /// <summary>A new label for <paramref name="driveId"/> protecting <paramref name="recoveryPassword"/> with a fresh random salt.</summary>
    /// <exception cref="ArgumentException">The drive id is not <see cref="DriveIds.IsValid"/> or the password not <see cref="RecoveryPassword.IsWellFormed"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="capacity"/> is negative.</exception>
    public static DriveLabel Create(string driveId, string recoveryPassword, long? capacity)
    {
        if (!DriveIds.IsValid(driveId))
        {
            throw new ArgumentException("The drive id must be 1 to 64 letters, digits, '-' or '_'.", nameof(driveId));
        }

        if (!RecoveryPassword.IsWellFormed(recoveryPassword))
        {
            throw new ArgumentException("The recovery password is not 8 groups of 6 digits, each a multiple of 11 below 720896.", nameof(recoveryPassword));
        }

        if (capacity < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "The capacity cannot be negative.");
        }

        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        return new DriveLabel(driveId, capacity, Pbkdf2Sha256, DefaultIterations, salt, Derive(recoveryPassword, salt, DefaultIterations, HashBytes));
    }

    /// <summary>
    /// True when <paramref name="recoveryPassword"/> is the password this label protects (constant-time comparison). False
    /// for a malformed password (<see cref="RecoveryPassword.IsWellFormed"/>), another algorithm, or no hash.
    /// </summary>
    public bool Unlocks(string? recoveryPassword)
    {
        if (!RecoveryPassword.IsWellFormed(recoveryPassword) || Algorithm != Pbkdf2Sha256 || Hash is not { Length: > 0 } || Salt is null || Iterations < 1)
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(Derive(recoveryPassword, Salt, Iterations, Hash.Length), Hash);
    }

    /// <summary>
    /// Reads the label of the drive at <paramref name="driveRoot"/>: <c>@Version</c> 1, a valid <c>DriveId</c>, an optional
    /// non-negative <c>Capacity</c>, and a <c>Protector</c> with <see cref="Pbkdf2Sha256"/>, <see cref="MinIterations"/> to
    /// <see cref="MaxIterations"/> iterations, a Base64 salt of 16 to 64 bytes and a Base64 hash of 32 bytes. The file may
    /// not be a symbolic link. Read with the manifest's safety rules, at most 64 Ki characters.
    /// </summary>
    /// <returns>True with the label; false with a problem for a missing file ("… not found …"), a link, a denied read or a malformed label.</returns>
    /// <exception cref="IOException">Reading the file failed.</exception>
    public static bool TryRead(string driveRoot, [NotNullWhen(true)] out DriveLabel? label, [NotNullWhen(false)] out DriveFormatProblem? problem)
    {
        ArgumentException.ThrowIfNullOrEmpty(driveRoot);
        var path = Path.Join(driveRoot, FileName);
        label = null;
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            problem = new DriveFormatProblem($"The drive label {FileName} was not found in '{driveRoot}'.");
            return false;
        }

        if (info.LinkTarget is not null)
        {
            problem = new DriveFormatProblem($"The drive label {FileName} in '{driveRoot}' is a symbolic link.");
            return false;
        }

        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            return DriveXml.TryParse(stream, MaxFileCharacters, Read, out label, out problem);
        }
        catch (FileNotFoundException)
        {
            problem = new DriveFormatProblem($"The drive label {FileName} was not found in '{driveRoot}'.");
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            problem = new DriveFormatProblem($"The drive label {FileName} in '{driveRoot}' cannot be read: access denied.");
            return false;
        }
    }

    /// <summary>Writes (or replaces) the label file at <paramref name="driveRoot"/>, which must exist.</summary>
    /// <exception cref="IOException">Writing failed, or the label path is a symbolic link (never followed).</exception>
    /// <exception cref="UnauthorizedAccessException">The directory is not writable.</exception>
    public void Write(string driveRoot)
    {
        ArgumentException.ThrowIfNullOrEmpty(driveRoot);
        var path = Path.Join(driveRoot, FileName);
        if (new FileInfo(path).LinkTarget is not null)
        {
            throw new IOException($"The drive label path '{path}' is a symbolic link; it is not followed.");
        }

        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None);
        using var w = DriveXml.CreateWriter(stream);
        w.WriteStartDocument();
        w.WriteStartElement("FerryDrive");
        w.WriteAttributeString("Version", "1");
        w.WriteElementString("DriveId", DriveId);
        if (Capacity is { } capacity)
        {
            w.WriteElementString("Capacity", capacity.ToString(CultureInfo.InvariantCulture));
        }

        w.WriteStartElement("Protector");
        w.WriteAttributeString("Algorithm", Algorithm);
        w.WriteAttributeString("Iterations", Iterations.ToString(CultureInfo.InvariantCulture));
        w.WriteAttributeString("Salt", Convert.ToBase64String(Salt));
        w.WriteString(Convert.ToBase64String(Hash));
        w.WriteEndElement();
        w.WriteEndElement();
        w.WriteEndDocument();
    }

    /// <summary>The drive id, capacity and algorithm; never the salt or hash.</summary>
    public override string ToString() =>
        $"DriveLabel {{ DriveId = {DriveId}, Capacity = {Capacity?.ToString(CultureInfo.InvariantCulture) ?? "unknown"}, Algorithm = {Algorithm}, Iterations = {Iterations} }}";

    private static byte[] Derive(string password, byte[] salt, int iterations, int length) =>
        Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, length);

    private static DriveLabel Read(XmlCursor c)
    {
        c.ReadRoot("FerryDrive");
        var version = c.RequiredAttribute("Version");
        c.AllowAttributes("Version");
        if (version != "1")
        {
            throw new DriveFormatException($"The drive label version must be 1, not '{XmlCursor.Shown(version)}'.");
        }

        string? driveId = null;
        long? capacity = null;
        DriveLabel? label = null;
        var position = 0;
        if (c.Enter())
        {
            while (c.NextChild())
            {
                switch (c.Name)
                {
                    case "DriveId":
                        c.InOrder(ref position, 1);
                        driveId = c.ReadText(DriveIds.MaxLength);
                        break;
                    case "Capacity":
                        c.InOrder(ref position, 2);
                        capacity = c.ReadLong();
                        break;
                    case "Protector":
                        c.InOrder(ref position, 3);
                        label = ReadProtector(c, driveId, capacity);
                        break;
                    default:
                        throw c.Unexpected();
                }
            }
        }

        return label ?? throw new DriveFormatException("<FerryDrive> must hold <DriveId> and <Protector>.");
    }

    private static DriveLabel ReadProtector(XmlCursor c, string? driveId, long? capacity)
    {
        if (!DriveIds.IsValid(driveId))
        {
            throw new DriveFormatException("<DriveId> must come first and hold 1 to 64 letters, digits, '-' or '_'.");
        }

        var algorithm = c.RequiredAttribute("Algorithm");
        var iterationsText = c.RequiredAttribute("Iterations");
        var saltText = c.RequiredAttribute("Salt");
        var hashText = c.ReadText(256, "Algorithm", "Iterations", "Salt");
        if (algorithm != Pbkdf2Sha256)
        {
            throw new DriveFormatException($"The protector algorithm must be {Pbkdf2Sha256}, not '{XmlCursor.Shown(algorithm)}'.");
        }

        var iterations = XmlCursor.ParseLong(iterationsText, "Protector Iterations");
        if (iterations is < MinIterations or > MaxIterations)
        {
            throw new DriveFormatException($"The protector needs {MinIterations} to {MaxIterations} iterations, not {iterations}.");
        }

        var salt = FromBase64(saltText, "Salt", SaltBytes, 64);
        var hash = FromBase64(hashText, "hash", HashBytes, HashBytes);
        return new DriveLabel(driveId, capacity, algorithm, (int)iterations, salt, hash);
    }

    private static byte[] FromBase64(string text, string what, int minBytes, int maxBytes)
    {
        var buffer = new byte[text.Length];
        return text.Length <= 4 * ((maxBytes + 2) / 3)
            && !text.AsSpan().ContainsAny(" \t\r\n")
            && Convert.TryFromBase64String(text, buffer, out var written)
            && written >= minBytes && written <= maxBytes
                ? buffer[..written]
                : throw new DriveFormatException($"The protector {what} must be Base64 of {minBytes} to {maxBytes} bytes.");
    }
}
