namespace Ferry.Core.Webhooks;

/// <summary>A webhook target that <see cref="WebhookTargetGuard"/> refuses: its message says why, naming the address.</summary>
public sealed class WebhookTargetRefusedException : Exception
{
    /// <summary>A refusal with its reason.</summary>
    public WebhookTargetRefusedException(string message)
        : base(message)
    {
    }

    /// <summary>A refusal with its reason and the resolver's failure.</summary>
    public WebhookTargetRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>For serializers; use a constructor with the reason.</summary>
    public WebhookTargetRefusedException()
        : base("The webhook target was refused.")
    {
    }
}
