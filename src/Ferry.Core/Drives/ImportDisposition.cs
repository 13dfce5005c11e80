namespace Ferry.Core.Drives;

/// <summary>What an import does when its target blob already exists (docs/formats.md §6). Values are explicit and may only grow.</summary>
public enum ImportDisposition
{
    /// <summary><c>rename</c> (the default): the blob is written under a new name such as <c>photo (2).jpg</c>.</summary>
    Rename = 1,

    /// <summary><c>no-overwrite</c>: the blob is skipped.</summary>
    NoOverwrite = 2,

    /// <summary><c>overwrite</c>: the existing blob is replaced.</summary>
    Overwrite = 3,
}
