namespace Ferry.Core.Drives;

/// <summary>Why <see cref="DrivePaths.TryResolve"/> refused a drive path. Values are explicit and may only grow.</summary>
public enum DrivePathProblem
{
    /// <summary>The path resolved inside the drive.</summary>
    None = 0,

    /// <summary>Empty, <c>.</c> or <c>..</c> segments, a rooted or absolute form, a <c>:</c>, a control character (log <c>FileNameInvalid</c>).</summary>
    Invalid = 1,

    /// <summary>Over 1,024 characters, or a segment over 255 (log <c>FileNameTooLong</c>).</summary>
    TooLong = 2,

    /// <summary>A component below the drive root is a symbolic link or other reparse point, which could lead off the drive.</summary>
    Link = 3,
}
