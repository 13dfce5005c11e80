using Ferry.Core.Security;
using Microsoft.AspNetCore.DataProtection;

namespace Ferry.Server.Hosting;

/// <summary><see cref="ISecretProtector"/> on ASP.NET Core Data Protection (keys in the data directory).</summary>
internal sealed class DataProtectionSecretProtector(IDataProtectionProvider provider) : ISecretProtector
{
    private readonly IDataProtector _protector = provider.CreateProtector("Ferry.Secrets.v1");

    public string Protect(string plaintext) => _protector.Protect(plaintext);

    public string Unprotect(string protectedValue) => _protector.Unprotect(protectedValue);
}
