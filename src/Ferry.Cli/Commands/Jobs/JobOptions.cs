using System.CommandLine;
using Ferry.Client.Models;

namespace Ferry.Cli.Commands.Jobs;

/// <summary>
/// Options several job commands share: the job name, the storage account, and the return address and carrier flags.
/// One instance per command tree (options remember their parents, so they are never static).
/// </summary>
internal sealed class JobOptions
{
    public static Argument<string> NewName() => new("name") { Description = "The job name." };

    public static Option<string> NewAccount() => new("--account") { Description = "The storage account the job belongs to.", Required = true };

    public Option<string> ReturnName { get; } = new("--return-name") { Description = "Return address: recipient name." };

    public Option<string> ReturnPostal { get; } = new("--return-address") { Description = "Return address: postal address, one line." };

    public Option<string> ReturnPhone { get; } = new("--return-phone") { Description = "Return address: phone number." };

    public Option<string> ReturnEmail { get; } = new("--return-email") { Description = "Return address: e-mail address." };

    public Option<string> ReturnCarrier { get; } = new("--return-carrier") { Description = "Carrier that returns the drives (with --return-carrier-account)." };

    public Option<string> ReturnCarrierAccount { get; } = new("--return-carrier-account") { Description = "Your account number with --return-carrier." };

    public void AddReturnOptions(Command command)
    {
        foreach (var option in new[] { ReturnName, ReturnPostal, ReturnPhone, ReturnEmail, ReturnCarrier, ReturnCarrierAccount })
        {
            command.Options.Add(option);
        }
    }

    /// <summary>
    /// The return address from the flags, completed from <paramref name="current"/> for members not given;
    /// <see langword="null"/> when no flag was given. A usage error when name or address is still missing.
    /// </summary>
    public ReturnAddress? ReturnAddressOrNull(ParseResult parse, ReturnAddress? current)
    {
        var (name, address, phone, email) = (parse.GetValue(ReturnName), parse.GetValue(ReturnPostal), parse.GetValue(ReturnPhone), parse.GetValue(ReturnEmail));
        if (name is null && address is null && phone is null && email is null)
        {
            return null;
        }

        name ??= current?.Name;
        address ??= current?.Address;
        if (name is null || address is null)
        {
            throw new CliException("a return address needs at least --return-name and --return-address (with --return-phone and --return-email).");
        }

        return new ReturnAddress(name, address, phone ?? current?.Phone!, email ?? current?.Email!);
    }

    /// <summary>The return carrier from the flags; <see langword="null"/> when neither flag was given; a usage error when only one was.</summary>
    public ReturnShipping? ReturnShippingOrNull(ParseResult parse)
    {
        var (carrier, account) = (parse.GetValue(ReturnCarrier), parse.GetValue(ReturnCarrierAccount));
        return (carrier, account) switch
        {
            (null, null) => null,
            ({ } c, { } a) => new ReturnShipping(c, a),
            _ => throw new CliException("--return-carrier and --return-carrier-account go together."),
        };
    }

    /// <summary>Whether any return flag was given (so an update must know the current address).</summary>
    public bool NeedsCurrentAddress(ParseResult parse) =>
        (parse.GetValue(ReturnName) ?? parse.GetValue(ReturnPostal) ?? parse.GetValue(ReturnPhone) ?? parse.GetValue(ReturnEmail)) is not null
        && (parse.GetValue(ReturnName) is null || parse.GetValue(ReturnPostal) is null || parse.GetValue(ReturnPhone) is null || parse.GetValue(ReturnEmail) is null);
}
