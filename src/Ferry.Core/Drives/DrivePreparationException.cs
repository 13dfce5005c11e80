namespace Ferry.Core.Drives;

/// <summary>
/// <see cref="DrivePreparer"/> or <see cref="ImportRepairer"/> refused the request or its input: a bad session id, a drive
/// labelled by another journal, data that fits on no drive, a page blob whose length is not a multiple of 512, a journal
/// inside a drive, a session to resume that does not exist… The message is a sentence for the user, without secrets.
/// </summary>
public sealed class DrivePreparationException : Exception
{
    /// <summary>A refusal with no message (required by the exception pattern; prefer the message overloads).</summary>
    public DrivePreparationException()
    {
    }

    /// <summary>A refusal explained by <paramref name="message"/>.</summary>
    public DrivePreparationException(string message)
        : base(message)
    {
    }

    /// <summary>A refusal explained by <paramref name="message"/>, caused by <paramref name="innerException"/>.</summary>
    public DrivePreparationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
