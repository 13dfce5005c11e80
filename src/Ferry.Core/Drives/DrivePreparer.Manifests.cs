using System.Text;
using System.Xml;

namespace Ferry.Core.Drives;

/// <summary>Manifests and drive-info files, written once every file of the session is on its drive.</summary>
public sealed partial class DrivePreparer
{
    private static List<PreparedDrive> WriteManifests(ActiveSession session, JournalState state, string journalPath)
    {
        var credential = state.Credential!;
        var prepared = new List<PreparedDrive>();
        foreach (var driveId in session.Record.DriveIds)
        {
            var drive = session.Drives[driveId];
            var lists = new List<ManifestBlobList>();
            foreach (var earlier in state.Sessions.Where(s => s.Planned))
            {
                var blobs = earlier.Files.Where(f => IsOn(f.DriveId, drive)).Select(f => earlier.Done[f.Index]).ToList();
                if (blobs.Count > 0)
                {
                    var n = earlier.Record.DriveIds.ToList().FindIndex(id => IsOn(id, drive));
                    lists.Add(new ManifestBlobList($"{earlier.Record.SessionId}-{n}", null, null, blobs));
                }
            }

            if (lists.Count == 0)
            {
                continue;
            }

            var manifest = new DriveManifest(DriveManifest.CurrentVersion, drive.DriveId, credential.StorageAccountKey, credential.ContainerSas, ClientCreator, lists);
            var hash = WriteManifest(drive.Root, manifest);
            var entry = new PreparedDrive(drive.DriveId, drive.BitLockerKey, ManifestFile, hash, drive.Root, lists.Sum(l => l.Blobs.Sum(b => b.Length)), lists.Sum(l => l.Blobs.Count));
            WriteDriveInfo(DriveInfoPath(journalPath, drive.DriveId), entry);
            prepared.Add(entry);
        }

        return prepared;
    }

    /// <summary>The drive-info file of <paramref name="driveId"/> next to the journal: <c>&lt;journal&gt;_DriveInfo_&lt;DriveId&gt;.xml</c>.</summary>
    public static string DriveInfoPath(string journalPath, string driveId)
    {
        ArgumentException.ThrowIfNullOrEmpty(journalPath);
        ArgumentException.ThrowIfNullOrEmpty(driveId);
        return Path.GetFullPath(journalPath) + "_DriveInfo_" + driveId + ".xml";
    }

    /// <summary>Writes the manifest through a temporary file (a crash leaves the old one whole) and returns its MD5.</summary>
    private static string WriteManifest(string root, DriveManifest manifest)
    {
        var path = Path.Join(root, ManifestFileName);
        var temporary = path + ".tmp";
        string hash;
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 16))
        {
            DriveManifestXml.Write(stream, manifest);
            FlushToDisk(stream);
            stream.Position = 0;
            hash = Md5File.Of(stream);
        }

        File.Move(temporary, path, overwrite: true);
        return hash;
    }

    /// <summary>The drive-info file exactly as docs/formats.md §7.5 shows it (no XML declaration); owner-only on Unix (it holds the key).</summary>
    private static void WriteDriveInfo(string path, PreparedDrive drive)
    {
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using var stream = new FileStream(path, options);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        using (var writer = XmlWriter.Create(stream, new XmlWriterSettings
        {
            Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
            OmitXmlDeclaration = true,
            Indent = true,
            IndentChars = "  ",
            NewLineChars = "\r\n",
            CloseOutput = false,
        }))
        {
            writer.WriteStartElement("Drive");
            writer.WriteElementString("DriveId", drive.DriveId);
            writer.WriteElementString("BitLockerKey", drive.BitLockerKey);
            writer.WriteElementString("ManifestFile", drive.ManifestFile);
            writer.WriteElementString("ManifestHash", drive.ManifestHash);
            writer.WriteEndElement();
        }

        stream.Write("\r\n"u8);
        FlushToDisk(stream);
    }
}
