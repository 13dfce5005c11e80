using Ferry.Core.Drives;

namespace Ferry.UnitTests.Core.Drives;

/// <summary><see cref="DrivePaths"/>: manifest paths resolve inside the drive or not at all.</summary>
public sealed class DrivePathsTests : IDisposable
{
    private readonly DirectoryInfo _temp = Directory.CreateTempSubdirectory("ferry-paths-");
    private readonly string _root;
    private readonly string _outside;

    public DrivePathsTests()
    {
        _root = Directory.CreateDirectory(Path.Join(_temp.FullName, "drive")).FullName;
        _outside = Directory.CreateDirectory(Path.Join(_temp.FullName, "outside")).FullName;
        File.WriteAllText(Path.Join(_outside, "secret.txt"), "not on the drive");
    }

    public void Dispose() => _temp.Delete(recursive: true);

    [Theory]
    [InlineData(@"\animals\koala.jpg")]
    [InlineData(@"animals\koala.jpg")]
    [InlineData("animals/koala.jpg")]
    [InlineData("/animals/koala.jpg")]
    public void A_normal_path_resolves_inside_the_root_whether_or_not_the_file_exists(string drivePath)
    {
        var expected = Path.Join(_root, "animals", "koala.jpg");

        Assert.Equal(DrivePathProblem.None, DrivePaths.TryResolve(_root, drivePath, out var missing));
        Assert.Equal(expected, missing);

        Directory.CreateDirectory(Path.Join(_root, "animals"));
        File.WriteAllText(expected, "koala");
        Assert.Equal(DrivePathProblem.None, DrivePaths.TryResolve(_root, drivePath, out var existing));
        Assert.Equal(expected, existing);
    }

    [Fact]
    public void A_root_given_with_a_trailing_separator_resolves_the_same()
    {
        Assert.Equal(DrivePathProblem.None, DrivePaths.TryResolve(_root + Path.DirectorySeparatorChar, @"\a.txt", out var fullPath));
        Assert.Equal(Path.Join(_root, "a.txt"), fullPath);
    }

    [Theory]
    [InlineData(@"..\..\etc\passwd")]
    [InlineData(@"\..\outside\secret.txt")]
    [InlineData(@"dir\..\..\outside\secret.txt")]
    [InlineData("../outside/secret.txt")]
    [InlineData(@".\a.txt")]
    [InlineData(@"dir\.. \a.txt")]
    [InlineData(@"dir\...\a.txt")]
    [InlineData(@"C:\x")]
    [InlineData(@"C:x")]
    [InlineData(@"\\server\share\x")]
    [InlineData(@"\\?\C:\x")]
    [InlineData("//server/share/x")]
    [InlineData(@"dir\\x")]
    [InlineData(@"dir\")]
    [InlineData(@"\")]
    [InlineData("")]
    [InlineData("a\0b")]
    [InlineData("a\tb")]
    [InlineData("a\u001fb")]
    [InlineData(@"file.txt:stream")]
    public void Traversal_rooted_forms_empty_segments_colons_and_control_characters_are_invalid(string drivePath)
    {
        Assert.Equal(DrivePathProblem.Invalid, DrivePaths.TryResolve(_root, drivePath, out var fullPath));
        Assert.Equal(string.Empty, fullPath);
    }

    [Fact]
    public void A_path_over_1024_characters_or_a_segment_over_255_is_too_long()
    {
        var longPath = string.Join('\\', Enumerable.Repeat(new string('d', 100), 11));
        var segment255 = new string('s', 255);

        Assert.Equal(DrivePathProblem.TooLong, DrivePaths.TryResolve(_root, longPath, out _));
        Assert.Equal(DrivePathProblem.TooLong, DrivePaths.TryResolve(_root, @"\dir\" + segment255 + "x", out _));
        Assert.Equal(DrivePathProblem.None, DrivePaths.TryResolve(_root, @"\dir\" + segment255, out _));
        Assert.Equal(DrivePathProblem.None, DrivePaths.TryResolve(_root, longPath[..1024], out _));
    }

    [Fact]
    public void A_directory_symlink_inside_the_drive_pointing_outside_is_a_link()
    {
        Directory.CreateSymbolicLink(Path.Join(_root, "escape"), _outside);

        Assert.Equal(DrivePathProblem.Link, DrivePaths.TryResolve(_root, @"\escape\secret.txt", out var fullPath));
        Assert.Equal(string.Empty, fullPath);
        Assert.Equal(DrivePathProblem.Link, DrivePaths.TryResolve(_root, @"\escape\not-there.txt", out _));
    }

    [Fact]
    public void A_file_symlink_as_the_target_is_a_link()
    {
        Directory.CreateDirectory(Path.Join(_root, "dir"));
        File.CreateSymbolicLink(Path.Join(_root, "dir", "secret.txt"), Path.Join(_outside, "secret.txt"));

        Assert.Equal(DrivePathProblem.Link, DrivePaths.TryResolve(_root, @"\dir\secret.txt", out _));
    }

    [Fact]
    public void A_dangling_symlink_is_a_link()
    {
        File.CreateSymbolicLink(Path.Join(_root, "dangling"), Path.Join(_outside, "missing.txt"));

        Assert.Equal(DrivePathProblem.Link, DrivePaths.TryResolve(_root, "dangling", out _));
    }

    [Fact]
    public void A_symlinked_drive_root_itself_is_allowed()
    {
        var linkedRoot = Path.Join(_temp.FullName, "linked-drive");
        Directory.CreateSymbolicLink(linkedRoot, _root);
        File.WriteAllText(Path.Join(_root, "a.txt"), "a");

        Assert.Equal(DrivePathProblem.None, DrivePaths.TryResolve(linkedRoot, @"\a.txt", out var fullPath));
        Assert.Equal(Path.Join(linkedRoot, "a.txt"), fullPath);
    }

    [Theory]
    [InlineData("a/b/c.txt", @"\a\b\c.txt")]
    [InlineData("c.txt", @"\c.txt")]
    [InlineData(@"\already\drive.txt", @"\already\drive.txt")]
    [InlineData("/rooted/c.txt", @"\rooted\c.txt")]
    public void ToDrivePath_uses_backslashes_and_one_leading_backslash(string relative, string expected) =>
        Assert.Equal(expected, DrivePaths.ToDrivePath(relative));

    [Theory]
    [InlineData("pictures/bob/wild/desert.jpg", @"\pictures\bob\wild\desert.jpg")]
    [InlineData("$root/logo.bmp", @"\$root\logo.bmp")]
    [InlineData("music/love song (live).mp3", @"\music\love song (live).mp3")]
    [InlineData("docs/ünïcödé.txt", @"\docs\ünïcödé.txt")]
    public void An_exported_blob_with_legal_names_mirrors_its_path(string blobPath, string expected)
    {
        var drivePath = DrivePaths.ForExportedBlob(blobPath, null);

        Assert.Equal(expected, drivePath);
        Assert.Equal(DrivePathProblem.None, DrivePaths.TryResolve(_root, drivePath, out _));
    }

    [Fact]
    public void A_snapshot_adds_its_UTC_time_to_the_file_name()
    {
        var snapshot = new DateTimeOffset(2014, 9, 5, 23, 29, 9, TimeSpan.FromHours(2)).AddTicks(1234567);

        Assert.Equal(@"\videos\story.mp4.snapshot-20140905T2129091234567Z", DrivePaths.ForExportedBlob("videos/story.mp4", snapshot));
    }

    [Theory]
    [InlineData("c/a:b.txt")]
    [InlineData("c/what?.txt")]
    [InlineData("c/star*.txt")]
    [InlineData("c/quote\".txt")]
    [InlineData("c/<tag>.txt")]
    [InlineData("c/pipe|.txt")]
    [InlineData(@"c/back\slash.txt")]
    [InlineData("c/trailing.")]
    [InlineData("c/trailing ")]
    [InlineData("c/../up")]
    [InlineData("c/./here")]
    [InlineData("c//double")]
    [InlineData("c/dir/")]
    [InlineData("c/CON")]
    [InlineData("c/nul.txt")]
    [InlineData("c/Com1.log")]
    [InlineData("c/tab\tname")]
    public void An_exported_blob_with_an_illegal_name_goes_under_blobs_by_its_hash(string blobPath)
    {
        var drivePath = DrivePaths.ForExportedBlob(blobPath, null);

        Assert.Matches(@"^\\_blobs\\[0-9A-F]{32}$", drivePath);
        Assert.Equal(DrivePathProblem.None, DrivePaths.TryResolve(_root, drivePath, out _));
    }

    [Fact]
    public void An_exported_blob_with_a_lone_surrogate_goes_under_blobs_by_its_hash()
    {
        var blobPath = "c/lone" + '\ud800' + "surrogate";

        Assert.Matches(@"^\\_blobs\\[0-9A-F]{32}$", DrivePaths.ForExportedBlob(blobPath, null));
    }

    [Fact]
    public void Hashed_names_are_stable_and_differ_by_blob_and_snapshot()
    {
        var snapshot = new DateTimeOffset(2014, 9, 5, 21, 29, 9, TimeSpan.Zero);
        var first = DrivePaths.ForExportedBlob("c/a?b", null);

        Assert.Equal(first, DrivePaths.ForExportedBlob("c/a?b", null));
        Assert.NotEqual(first, DrivePaths.ForExportedBlob("c/a?c", null));
        var ofSnapshot = DrivePaths.ForExportedBlob("c/a?b", snapshot);
        Assert.StartsWith(@"\_blobs\", ofSnapshot, StringComparison.Ordinal);
        Assert.EndsWith(".snapshot-20140905T2129090000000Z", ofSnapshot, StringComparison.Ordinal);
        Assert.NotEqual(first, ofSnapshot[..first.Length]);
    }

    [Fact]
    public void A_name_too_long_for_its_companion_files_is_hashed()
    {
        var fits = "c/" + new string('n', 244);
        var tooLong = "c/" + new string('n', 245);
        var deep = "c/" + string.Join('/', Enumerable.Repeat(new string('d', 99), 11));

        Assert.Equal("\\c\\" + new string('n', 244), DrivePaths.ForExportedBlob(fits, null));
        Assert.StartsWith(@"\_blobs\", DrivePaths.ForExportedBlob(tooLong, null), StringComparison.Ordinal);
        Assert.StartsWith(@"\_blobs\", DrivePaths.ForExportedBlob(deep, null), StringComparison.Ordinal);
        Assert.Equal(DrivePathProblem.None, DrivePaths.TryResolve(_root, DrivePaths.ForExportedBlob(fits, null) + ".properties", out _));
    }
}
