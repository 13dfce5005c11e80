using System.CommandLine;
using System.Text.Json.Nodes;

namespace Ferry.Cli.Commands.Arm;

/// <summary>
/// The return address and return carrier flags of the ARM commands. ARM addresses are structured, so each part has
/// its own flag; flags not given keep the member of the body (or, for an update, leave it unchanged).
/// </summary>
internal sealed class ArmAddressOptions
{
    private readonly (Option<string> Option, string Member)[] _address =
    [
        (new("--return-name") { Description = "Return address: recipient name." }, "recipientName"),
        (new("--return-street") { Description = "Return address: street (first line)." }, "streetAddress1"),
        (new("--return-street2") { Description = "Return address: street (second line)." }, "streetAddress2"),
        (new("--return-city") { Description = "Return address: city." }, "city"),
        (new("--return-state-or-province") { Description = "Return address: state or province." }, "stateOrProvince"),
        (new("--return-postal-code") { Description = "Return address: postal code." }, "postalCode"),
        (new("--return-country") { Description = "Return address: country or region." }, "countryOrRegion"),
        (new("--return-phone") { Description = "Return address: phone number." }, "phone"),
        (new("--return-email") { Description = "Return address: e-mail address." }, "email"),
    ];

    private readonly Option<string> _carrier = new("--return-carrier") { Description = "Carrier that returns the drives (with --return-carrier-account)." };
    private readonly Option<string> _carrierAccount = new("--return-carrier-account") { Description = "Your account number with --return-carrier." };

    public void AddTo(Command command)
    {
        foreach (var (option, _) in _address)
        {
            command.Options.Add(option);
        }

        command.Options.Add(_carrier);
        command.Options.Add(_carrierAccount);
    }

    /// <summary>Sets <c>returnAddress</c> members and <c>returnShipping</c> of <paramref name="properties"/> from the flags given.</summary>
    public void Apply(ParseResult parse, JsonObject properties)
    {
        foreach (var (option, member) in _address)
        {
            if (parse.GetValue(option) is { } value)
            {
                var address = properties["returnAddress"] as JsonObject ?? [];
                address[member] = value;
                properties["returnAddress"] = address;
            }
        }

        switch (parse.GetValue(_carrier), parse.GetValue(_carrierAccount))
        {
            case (null, null):
                break;
            case ({ } carrier, { } account):
                properties["returnShipping"] = new JsonObject { ["carrierName"] = carrier, ["carrierAccountNumber"] = account };
                break;
            default:
                throw new CliException("--return-carrier and --return-carrier-account go together.");
        }
    }
}
