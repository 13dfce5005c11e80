using System.Text;
using Ferry.Core.Drives;

namespace Ferry.UnitTests.Core.Drives;

/// <summary><see cref="DriveLabel"/>: the label file of a folder drive, protecting its recovery password.</summary>
public sealed class DriveLabelTests : IDisposable
{
    private const string Password = "238810-662376-448998-450120-652806-203390-606320-483076";
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("ferry-label-");

    public void Dispose() => _root.Delete(recursive: true);

    private string LabelPath => Path.Join(_root.FullName, DriveLabel.FileName);

    private (DriveLabel? Label, DriveFormatProblem? Problem) ReadXml(string xml)
    {
        File.WriteAllText(LabelPath, xml);
        DriveLabel.TryRead(_root.FullName, out var label, out var problem);
        return (label, problem);
    }

    [Fact]
    public void A_written_label_reads_back_and_unlocks_only_with_its_password()
    {
        var label = DriveLabel.Create("9WM35C2V", Password, 500_000_000_000);

        label.Write(_root.FullName);

        Assert.True(DriveLabel.TryRead(_root.FullName, out var read, out var problem), problem?.Message);
        Assert.Equal(("9WM35C2V", 500_000_000_000L, DriveLabel.Pbkdf2Sha256, DriveLabel.DefaultIterations), (read.DriveId, read.Capacity, read.Algorithm, read.Iterations));
        Assert.Equal(label.Salt, read.Salt);
        Assert.Equal(label.Hash, read.Hash);
        Assert.True(read.Unlocks(Password));
        Assert.False(read.Unlocks(RecoveryPassword.Generate()));
        Assert.False(read.Unlocks("000000-662376-448998-450120-652806-203390-606320-483076"));
    }

    [Fact]
    public void The_label_file_holds_neither_the_password_nor_any_of_its_groups()
    {
        DriveLabel.Create("9WM35C2V", Password, null).Write(_root.FullName);

        var text = File.ReadAllText(LabelPath);

        Assert.DoesNotContain(Password, text, StringComparison.Ordinal);
        Assert.All(Password.Split('-'), group => Assert.DoesNotContain(group, text, StringComparison.Ordinal));
        Assert.Contains("<FerryDrive Version=\"1\">", text, StringComparison.Ordinal);
        Assert.Contains("Algorithm=\"PBKDF2-SHA256\" Iterations=\"100000\"", text, StringComparison.Ordinal);
        Assert.DoesNotContain("<Capacity>", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Each_label_gets_its_own_16_byte_salt_and_32_byte_hash()
    {
        var first = DriveLabel.Create("D1", Password, null);
        var second = DriveLabel.Create("D1", Password, null);

        Assert.Equal((16, 32), (first.Salt.Length, first.Hash.Length));
        Assert.NotEqual(first.Salt, second.Salt);
        Assert.NotEqual(first.Hash, second.Hash);
        Assert.True(second.Unlocks(Password));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("238810-662376-448998-450120-652806-203390-606320-483077")]
    [InlineData(" 238810-662376-448998-450120-652806-203390-606320-483076")]
    [InlineData("238810662376448998450120652806203390606320483076")]
    public void Unlocks_is_false_for_malformed_input(string? attempt) =>
        Assert.False(DriveLabel.Create("D1", Password, null).Unlocks(attempt));

    [Fact]
    public void ToString_shows_neither_salt_nor_hash()
    {
        var label = DriveLabel.Create("9WM35C2V", Password, 42);

        var text = label.ToString();

        Assert.Contains("9WM35C2V", text, StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToBase64String(label.Salt), text, StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToBase64String(label.Hash), text, StringComparison.Ordinal);
        Assert.DoesNotContain("System.Byte", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_label_is_a_problem_saying_not_found()
    {
        Assert.False(DriveLabel.TryRead(_root.FullName, out var label, out var problem));
        Assert.Null(label);
        Assert.Contains("not found", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_refuses_a_bad_drive_id_a_malformed_password_or_a_negative_capacity()
    {
        Assert.Throws<ArgumentException>(() => DriveLabel.Create("bad id", Password, null));
        Assert.Throws<ArgumentException>(() => DriveLabel.Create("D1", "123", null));
        Assert.Throws<ArgumentOutOfRangeException>(() => DriveLabel.Create("D1", Password, -1));
    }

    public static TheoryData<string, string> BrokenLabels()
    {
        var salt = Convert.ToBase64String(new byte[16]);
        var hash = Convert.ToBase64String(new byte[32]);
        string Label(string inner, string version = "1") => $"<FerryDrive Version=\"{version}\">{inner}</FerryDrive>";
        string Protector(string algorithm = "PBKDF2-SHA256", string iterations = "100000", string? s = null, string? h = null) =>
            $"<Protector Algorithm=\"{algorithm}\" Iterations=\"{iterations}\" Salt=\"{s ?? salt}\">{h ?? hash}</Protector>";
        return new()
        {
            { Label("<DriveId>D1</DriveId>" + Protector(), version: "2"), "version must be 1" },
            { Label(Protector()), "<DriveId> must come first" },
            { Label("<DriveId>bad id</DriveId>" + Protector()), "<DriveId> must come first" },
            { Label("<DriveId>D1</DriveId>"), "must hold <DriveId> and <Protector>" },
            { Label("<DriveId>D1</DriveId>" + Protector(algorithm: "MD5")), "algorithm must be PBKDF2-SHA256" },
            { Label("<DriveId>D1</DriveId>" + Protector(iterations: "999")), "1000 to 10000000 iterations" },
            { Label("<DriveId>D1</DriveId>" + Protector(iterations: "10000001")), "1000 to 10000000 iterations" },
            { Label("<DriveId>D1</DriveId>" + Protector(iterations: "99999999999999999999")), "non-negative integer" },
            { Label("<DriveId>D1</DriveId>" + Protector(s: "AAAA")), "Salt must be Base64 of 16 to 64 bytes" },
            { Label("<DriveId>D1</DriveId>" + Protector(h: "not base64")), "hash must be Base64 of 32 to 32 bytes" },
            { Label("<DriveId>D1</DriveId><Capacity>-1</Capacity>" + Protector()), "non-negative integer" },
            { Label("<DriveId>D1</DriveId><Password>x</Password>" + Protector()), "may not hold <Password>" },
            { "<!DOCTYPE FerryDrive [<!ENTITY e \"D1\">]>" + Label("<DriveId>&e;</DriveId>" + Protector()), "DTD" },
        };
    }

    [Theory]
    [MemberData(nameof(BrokenLabels))]
    public void A_malformed_label_is_rejected(string xml, string expected)
    {
        var (label, problem) = ReadXml(xml);

        Assert.Null(label);
        Assert.Contains(expected, problem!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_label_that_is_a_symbolic_link_is_neither_read_nor_written_through()
    {
        var elsewhere = Directory.CreateTempSubdirectory("ferry-label-target-");
        try
        {
            var target = Path.Join(elsewhere.FullName, "target.xml");
            DriveLabel.Create("D1", Password, null).Write(elsewhere.FullName);
            File.Move(Path.Join(elsewhere.FullName, DriveLabel.FileName), target);
            File.CreateSymbolicLink(LabelPath, target);

            Assert.False(DriveLabel.TryRead(_root.FullName, out _, out var problem));
            Assert.Contains("symbolic link", problem.Message, StringComparison.Ordinal);
            var before = File.ReadAllText(target, Encoding.UTF8);
            Assert.Throws<IOException>(() => DriveLabel.Create("D2", Password, null).Write(_root.FullName));
            Assert.Equal(before, File.ReadAllText(target, Encoding.UTF8));
        }
        finally
        {
            elsewhere.Delete(recursive: true);
        }
    }
}
