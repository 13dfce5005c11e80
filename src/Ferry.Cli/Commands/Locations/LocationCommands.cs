using System.CommandLine;

namespace Ferry.Cli.Commands.Locations;

/// <summary><c>ferry location list</c>: where drives are shipped (List Locations).</summary>
internal static class LocationCommands
{
    public static Command Create(CommandContext context)
    {
        var origin = new Option<string>("--origin") { Description = "Only the location(s) serving storage accounts in this region." };
        var list = new Command("list", "List the data-centre locations drives are shipped to.") { origin };
        CommandAction.Set(list, context.Env, async (parse, ct) =>
        {
            var client = await context.Connection.ClassicClientAsync(parse, ct);
            var locations = (await client.GetLocationsAsync(parse.GetValue(origin), ct)).Value;
            var views = locations.Select(l => new LocationView(l.Name, l.RecipientName, l.StreetAddress1, l.StreetAddress2, l.City, l.StateOrProvince, l.PostalCode, l.CountryOrRegion, l.SupportedCarriers)).ToList();
            await context.WriteAsync(parse, views, () =>
            {
                var table = Output.Table("Name", "Recipient", "Address", "Carriers");
                foreach (var l in views)
                {
                    var address = string.Join(", ", new[] { l.StreetAddress1, l.StreetAddress2, l.City, l.StateOrProvince, l.PostalCode, l.CountryOrRegion }.Where(s => !string.IsNullOrEmpty(s)));
                    table.Row(l.Name, l.RecipientName, address, string.Join(", ", l.SupportedCarriers));
                }

                return table;
            });
            return FerryCli.Ok;
        });

        var group = new Command("location", "Data-centre locations.") { list };
        context.Connection.AddCustomerOptions(group);
        group.Options.Add(context.Output);
        return group;
    }

    private sealed record LocationView(string Name, string? RecipientName, string? StreetAddress1, string? StreetAddress2, string? City, string? StateOrProvince, string? PostalCode, string? CountryOrRegion, IReadOnlyList<string> SupportedCarriers);
}
