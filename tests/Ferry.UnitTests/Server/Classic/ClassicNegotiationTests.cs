using Ferry.Core.Errors;
using Ferry.Server.Classic;

namespace Ferry.UnitTests.Server.Classic;

/// <summary>The Accept, <c>$format</c> and Content-Type tables of docs/classic-api.md §2.4.</summary>
public sealed class ClassicNegotiationTests
{
    [Theory]
    [InlineData(null, "Minimal")]
    [InlineData("", "Minimal")]
    [InlineData("application/json", "Minimal")]
    [InlineData("application/json;odata=minimalmetadata", "Minimal")]
    [InlineData("application/json; odata=minimalmetadata", "Minimal")]
    [InlineData("application/json;odata=nometadata", "None")]
    [InlineData("application/json;odata=nometatadata", "None")]
    [InlineData("application/json;odata=fullmetadata", "Full")]
    [InlineData("APPLICATION/JSON;odata=fullmetadata", "Full")]
    [InlineData("application/json;charset=utf-8;streaming=true;q=0.9", "Minimal")]
    [InlineData("application/json;odata=\"nometadata\"", "None")]
    [InlineData("*/*", "Minimal")]
    [InlineData("application/*", "Minimal")]
    [InlineData("text/html, application/json;odata=nometadata", "None")]
    [InlineData("application/json;odata=fullmetadata, application/json;odata=nometadata", "Full")]
    [InlineData("application/xml, */*", "Minimal")]
    public void Acceptable_Accept_values_choose_the_metadata_level(string? accept, string expected)
    {
        var result = ClassicNegotiation.JsonLevel(accept, format: null);
        Assert.Null(result.Error);
        Assert.Equal(expected, result.Value.ToString());
    }

    [Theory]
    [InlineData("application/xml")]
    [InlineData("text/html")]
    [InlineData("application/atom+xml")]
    [InlineData("application/json;odata=verbose")]
    [InlineData("application/json;odata=light")]
    [InlineData("application/jsonp")]
    [InlineData("text/*")]
    public void Other_Accept_values_are_refused_with_406_naming_Accept(string accept)
    {
        var error = ClassicNegotiation.JsonLevel(accept, format: null).Error;
        Assert.NotNull(error);
        Assert.Same(FerryErrors.NotAcceptable, error.Kind);
        Assert.Equal("Accept", error.Target);
    }

    [Theory]
    [InlineData("json", "Minimal")]
    [InlineData("JSON", "Minimal")]
    [InlineData("application/json", "Minimal")]
    [InlineData("application/json;odata=minimalmetadata", "Minimal")]
    [InlineData("application/json;odata=nometadata", "None")]
    [InlineData("application/json;odata=fullmetadata", "Full")]
    public void Format_values_choose_the_metadata_level_and_override_Accept(string format, string expected)
    {
        foreach (var accept in new string?[] { null, "application/json;odata=fullmetadata", "application/xml" })
        {
            var result = ClassicNegotiation.JsonLevel(accept, format);
            Assert.Null(result.Error);
            Assert.Equal(expected, result.Value.ToString());
        }
    }

    [Theory]
    [InlineData("xml")]
    [InlineData("atom")]
    [InlineData("")]
    [InlineData("*/*")]
    [InlineData("application/xml")]
    [InlineData("application/json;odata=verbose")]
    public void Other_format_values_are_refused_with_406_naming_format_even_when_Accept_is_fine(string format)
    {
        var error = ClassicNegotiation.JsonLevel("application/json", format).Error;
        Assert.NotNull(error);
        Assert.Same(FerryErrors.NotAcceptable, error.Kind);
        Assert.Equal("$format", error.Target);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("application/xml")]
    [InlineData("APPLICATION/XML;charset=utf-8")]
    [InlineData("*/*")]
    [InlineData("application/*")]
    [InlineData("application/json, application/xml")]
    public void The_metadata_document_accepts_xml_and_wildcards(string? accept) =>
        Assert.Null(ClassicNegotiation.XmlAccept(accept));

    [Theory]
    [InlineData("application/json")]
    [InlineData("application/atom+xml")]
    [InlineData("text/xml")]
    public void The_metadata_document_refuses_other_media_types_with_406(string accept)
    {
        var error = ClassicNegotiation.XmlAccept(accept);
        Assert.NotNull(error);
        Assert.Same(FerryErrors.NotAcceptable, error.Kind);
        Assert.Equal("Accept", error.Target);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("application/json")]
    [InlineData("application/json; charset=utf-8")]
    [InlineData("application/json;odata=minimalmetadata")]
    [InlineData("Application/JSON")]
    public void A_request_Content_Type_that_is_absent_or_json_with_any_parameters_is_accepted(string? contentType) =>
        Assert.Null(ClassicNegotiation.ContentType(contentType, "application/json"));

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/xml")]
    [InlineData("application/jsonx")]
    [InlineData("application/x-www-form-urlencoded")]
    public void Another_request_Content_Type_is_refused_with_406_naming_Content_Type(string contentType)
    {
        var error = ClassicNegotiation.ContentType(contentType, "application/json");
        Assert.NotNull(error);
        Assert.Same(FerryErrors.NotAcceptable, error.Kind);
        Assert.Equal("Content-Type", error.Target);
    }
}
