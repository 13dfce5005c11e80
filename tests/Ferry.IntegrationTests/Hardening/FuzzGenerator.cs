using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Ferry.IntegrationTests.Hardening;

/// <summary>
/// A deterministic generator of mutated requests: from a seed and the valid requests of one surface, each request gets one
/// to three mutations of its body (JSON members, types, nesting, sizes, text encodings, raw bytes), headers, path segments,
/// query values, method, credentials or HTTP version. The same seed and templates give the same requests.
/// </summary>
public sealed class FuzzGenerator(int seed, FuzzSurface surface, IReadOnlyList<FuzzTemplate> templates, string prefix)
{
    private const string Marker = "@@FUZZ";

    /// <summary>Text that is not what a JSON string should hold, spliced in as raw bytes (escapes stay escapes).</summary>
    private static readonly byte[][] _badText =
    [
        "\\ud800"u8.ToArray(), "\\udfff"u8.ToArray(), "\\udc00\\ud800"u8.ToArray(), "a\\ud83d"u8.ToArray(), "\\u0000"u8.ToArray(), "x\\u0000y"u8.ToArray(),
        [0xFF], [0xFE, 0xFF], [0xC0, 0xAF], [0xE0, 0x80, 0x80], [0xED, 0xA0, 0x80], [0xED, 0xBF, 0xBF], [0xF4, 0x90, 0x80, 0x80], [0x80], [0xE2, 0x82],
        [0xF0, 0x9F, 0x98], [0x00], [0x01, 0x1F], [0xC3, 0x28], "\\uD834\\uDD1E"u8.ToArray(), "\\\""u8.ToArray(), "\\x41"u8.ToArray(), "\\u12"u8.ToArray(),
    ];

    private static readonly string[] _oddStrings =
    [
        "", " ", "null", "true", "0", "-1", "1e309", "NaN", "' OR 1=1 --", "\"; DROP TABLE jobs; --", "../../etc/passwd", "..\\..\\windows",
        "%00", "%ff", "\u202e\u0645\u0631\u062d\u0628\u0627", "\U0001F4A9", "\u00e9\u0301", "<script>alert(1)</script>", "${jndi:ldap://x}",
        "{{7*7}}", "\t\r\n", "A:B/C\\D", "https://127.0.0.1:1/x", "PT1H", "P-1D", "2026-13-45T25:61:61Z", "9999-12-31T23:59:59Z",
        "00000000-0000-0000-0000-000000000000", "Creating", "Shipping", "Completed", "Import", "Export", "Blob", "West US", "nowhere",
    ];

    private static readonly string[] _pathJunk =
    [
        "%00", "%ff", "%ED%A0%80", "%C0%AF", "%2e%2e", "..", ".", "%2F", "%5C", "%25", "a%00b", "%F4%90%80%80", "~", "%20", "%0A", "%0D%0A",
        "%E2%80%AE", "%F0%9F%92%A9", "$metadata", "*", "'", "(", ")", "%27%29", "jobs", "subscriptions", "null", "-1",
    ];

    private static readonly string[] _methods = ["GET", "PUT", "PATCH", "DELETE", "POST", "HEAD", "OPTIONS", "MERGE", "FOO"];

    private static readonly string[] _contentTypes =
    [
        "application/json", "application/json; charset=utf-8", "application/json; charset=latin1", "application/json;odata=verbose", "text/plain",
        "application/xml", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "*/*", "application/", "garbage", ";;;",
        "application/json; charset=utf-16", "APPLICATION/JSON",
    ];

    private static readonly string[] _headerNames =
    [
        "Accept", "x-ms-version", "If-Match", "If-None-Match", "X-HTTP-Method", "Content-Encoding", "Authorization", "x-ms-client-request-id",
        "Accept-Charset", "DataServiceVersion", "MaxDataServiceVersion", "Prefer", "x-ms-date", "Range", "If-Modified-Since", "Accept-Language",
        "X-Forwarded-For", "Cookie", "Origin", "x-ferry-unknown",
    ];

    private static readonly string[] _headerValues =
    [
        "", "*", "\"abc\"", "W/\"x\"", "unquoted", "\"\"", "application/json;odata=fullmetadata", "application/json;odata=nometadata",
        "application/atom+xml", "text/html", "*/*;q=0", "2014-11-01", "2014-05-01", "2013-01-01", "2099-01-01", "gzip", "deflate, br", "identity",
        "PUT", "PATCH", "DELETE", "GET", "Bearer", "Bearer x.y.z", "Bearer eyJhbGciOiJub25lIn0.e30.", "Basic Zm9vOmJhcg==", "1.0;NetFx", "3.0",
        "bytes=0-1", "Tue, 01 Jan 1980 00:00:00 GMT", "not a date", new string('a', 4000), "a\u00e9b", "\u00ff\u00fe",
    ];

    private static readonly System.Text.Json.JsonSerializerOptions _deep = new() { MaxDepth = 4096 };

    private readonly Random _random = new(seed);

    /// <summary>The next request.</summary>
    public FuzzRequest Next()
    {
        var template = templates[_random.Next(templates.Count)];
        var method = template.Method;
        var path = template.Path;
        var query = new List<KeyValuePair<string, string>>(ParseQuery(template.Query));
        var headers = new List<KeyValuePair<string, string>>();
        var body = template.Body?.ToJsonString(_deep) is { } json ? Encoding.UTF8.GetBytes(json) : null;
        var contentType = body is null ? null : "application/json";
        var http2 = _random.Next(4) == 0;
        var anonymous = false;
        var notes = new List<string>();

        // One in ten stays valid (keeping the server's state moving); the rest get one to three mutations.
        var mutations = _random.Next(10) == 0 ? 0 : 1 + _random.Next(3);
        for (var i = 0; i < mutations; i++)
        {
            switch (_random.Next(100))
            {
                case < 40:
                    body = MutateBody(template.Body, body, notes);
                    contentType ??= "application/json";
                    break;
                case < 52:
                    (headers, contentType) = MutateHeaders(headers, contentType, notes);
                    break;
                case < 67:
                    path = MutatePath(path, notes);
                    break;
                case < 82:
                    MutateQuery(query, notes);
                    break;
                case < 92:
                    method = _methods[_random.Next(_methods.Length)];
                    notes.Add("method " + method);
                    break;
                case < 95:
                    anonymous = true;
                    notes.Add("no credentials");
                    break;
                default:
                    http2 = !http2;
                    break;
            }
        }

        var pathAndQuery = "/" + path + (query.Count == 0 ? "" : "?" + string.Join('&', query.Select(p => p.Key + "=" + p.Value)));
        return new FuzzRequest(surface, method, pathAndQuery, headers, body, contentType, http2, anonymous,
            $"{method} {Shorten(pathAndQuery)} [{(notes.Count == 0 ? "valid" : string.Join("; ", notes))}]{(http2 ? " HTTP/2" : "")}")
        {
            // A dot segment lets Kestrel's path normalisation carry the request to another surface.
            KeepsPrefix = path.StartsWith(prefix, StringComparison.Ordinal)
                && !path.Split('/').Any(segment => Uri.UnescapeDataString(segment) is "." or ".."),
        };
    }

    private byte[] MutateBody(JsonNode? template, byte[]? current, List<string> notes)
    {
        if (current is not null && _random.Next(4) == 0)
        {
            return MutateBytes(current, notes);
        }

        var tree = (current is not null && _random.Next(3) > 0 ? TryParse(current) : null) ?? template?.DeepClone() ?? new JsonObject();
        var splices = new List<byte[]>();
        switch (_random.Next(8))
        {
            case 0:
                var root = ReplaceRoot(tree);
                notes.Add("root " + (root?.GetValueKind().ToString() ?? "null"));
                return Encoding.UTF8.GetBytes(root?.ToJsonString(_deep) ?? "null");
            case 1:
            case 2:
                notes.Add("value " + ReplaceValue(tree, splices));
                break;
            case 3:
                notes.Add("member " + RenameMember(tree, splices));
                break;
            case 4:
                notes.Add("removed " + RemoveMember(tree));
                break;
            case 5:
                notes.Add("added " + AddMember(tree, splices));
                break;
            case 6:
                notes.Add("bad text " + ReplaceText(tree, splices));
                break;
            default:
                notes.Add("size " + Grow(tree));
                break;
        }

        var text = tree.ToJsonString(_deep);
        return Splice(Encoding.UTF8.GetBytes(text), splices);
    }

    private JsonNode? ReplaceRoot(JsonNode tree)
    {
        JsonNode?[] roots = [new JsonArray(tree.DeepClone()), JsonValue.Create("text"), JsonValue.Create(42), JsonValue.Create(true), new JsonArray(), new JsonObject(), null];
        return roots[_random.Next(roots.Length)];
    }

    private string ReplaceValue(JsonNode tree, List<byte[]> splices)
    {
        var (parent, key, index) = PickSlot(tree);
        if (parent is null)
        {
            return "none";
        }

        var value = RandomValue(splices, depth: 0);
        Set(parent, key, index, value);
        return $"{key ?? index.ToString(CultureInfo.InvariantCulture)}={Shorten(value?.ToJsonString(_deep) ?? "null")}";
    }

    private string RenameMember(JsonNode tree, List<byte[]> splices)
    {
        var objects = Nodes(tree).OfType<JsonObject>().Where(o => o.Count > 0).ToList();
        if (objects.Count == 0)
        {
            return "none";
        }

        var target = objects[_random.Next(objects.Count)];
        var old = target.ElementAt(_random.Next(target.Count)).Key;
        var value = target[old]?.DeepClone();
        target.Remove(old);
        var name = _random.Next(3) switch
        {
            0 => MarkerFor(splices, _badText[_random.Next(_badText.Length)]),
            1 => string.Equals(old.ToUpperInvariant(), old, StringComparison.Ordinal) ? old.ToLowerInvariant() : old.ToUpperInvariant(),
            _ => _oddStrings[_random.Next(_oddStrings.Length)],
        };
        if (!target.ContainsKey(name))
        {
            target[name] = value;
        }

        return old + "->" + Shorten(name);
    }

    private string RemoveMember(JsonNode tree)
    {
        var objects = Nodes(tree).OfType<JsonObject>().Where(o => o.Count > 0).ToList();
        if (objects.Count == 0)
        {
            return "none";
        }

        var target = objects[_random.Next(objects.Count)];
        var name = target.ElementAt(_random.Next(target.Count)).Key;
        target.Remove(name);
        return name;
    }

    private string AddMember(JsonNode tree, List<byte[]> splices)
    {
        var objects = Nodes(tree).OfType<JsonObject>().ToList();
        if (objects.Count == 0)
        {
            return "none";
        }

        var target = objects[_random.Next(objects.Count)];
        var name = _random.Next(2) == 0 ? _oddStrings[_random.Next(_oddStrings.Length)] : "odata." + _random.Next(100);
        if (target.ContainsKey(name))
        {
            return "none";
        }

        target[name] = RandomValue(splices, depth: 0);
        return Shorten(name);
    }

    private string ReplaceText(JsonNode tree, List<byte[]> splices)
    {
        var strings = Nodes(tree).OfType<JsonValue>().Where(v => v.GetValueKind() == System.Text.Json.JsonValueKind.String).ToList();
        var bad = _badText[_random.Next(_badText.Length)];
        if (strings.Count == 0)
        {
            return ReplaceValue(tree, splices);
        }

        var target = strings[_random.Next(strings.Count)];
        var original = target.GetValue<string>();
        var at = _random.Next(original.Length + 1);
        var marker = MarkerFor(splices, bad);
        target.ReplaceWith(original[..at] + marker + original[at..]);
        return Encoding.Latin1.GetString(bad);
    }

    private string Grow(JsonNode tree)
    {
        var (parent, key, index) = PickSlot(tree);
        if (parent is null)
        {
            return "none";
        }

        switch (_random.Next(3))
        {
            case 0:
                var length = _random.Next(2) == 0 ? 300 + _random.Next(2000) : 70_000 + _random.Next(1_200_000);
                Set(parent, key, index, JsonValue.Create(new string((char)('a' + _random.Next(26)), length)));
                return $"string of {length}";
            case 1:
                var depth = _random.Next(2) == 0 ? 10 + _random.Next(10) : 200 + _random.Next(2000);
                JsonNode nested = JsonValue.Create(1);
                for (var i = 0; i < depth; i++)
                {
                    nested = new JsonArray(nested);
                }

                Set(parent, key, index, nested);
                return $"nesting of {depth}";
            default:
                var count = _random.Next(2) == 0 ? 50 + _random.Next(100) : 5_000 + _random.Next(20_000);
                var array = new JsonArray();
                var item = parent is JsonArray a && a.Count > 0 ? a[0] : JsonValue.Create(1);
                for (var i = 0; i < count; i++)
                {
                    array.Add(item?.DeepClone());
                }

                Set(parent, key, index, array);
                return $"array of {count}";
        }
    }

    private byte[] MutateBytes(byte[] body, List<string> notes)
    {
        var bytes = body.ToList();
        switch (_random.Next(7))
        {
            case 0:
                var flips = 1 + _random.Next(4);
                for (var i = 0; i < flips && bytes.Count > 0; i++)
                {
                    bytes[_random.Next(bytes.Count)] = (byte)_random.Next(256);
                }

                notes.Add($"{flips} bytes flipped");
                break;
            case 1:
                var keep = _random.Next(bytes.Count + 1);
                bytes.RemoveRange(keep, bytes.Count - keep);
                notes.Add($"truncated to {keep}");
                break;
            case 2:
                var at = _random.Next(bytes.Count + 1);
                var bad = _badText[_random.Next(_badText.Length)];
                bytes.InsertRange(at, bad);
                notes.Add($"raw {Convert.ToHexString(bad)} at {at}");
                break;
            case 3:
                var random = new byte[_random.Next(1, 200)];
                _random.NextBytes(random);
                notes.Add($"{random.Length} random bytes");
                return random;
            case 4:
                bytes.InsertRange(0, [0xEF, 0xBB, 0xBF]);
                notes.Add("BOM");
                break;
            case 5:
                notes.Add("empty body");
                return _random.Next(2) == 0 ? [] : "  \r\n\t "u8.ToArray();
            default:
                var start = _random.Next(bytes.Count + 1);
                var length = _random.Next(bytes.Count - start + 1);
                bytes.InsertRange(start, bytes.GetRange(start, length));
                notes.Add($"duplicated {length} bytes");
                break;
        }

        return [.. bytes];
    }

    private (List<KeyValuePair<string, string>> Headers, string? ContentType) MutateHeaders(List<KeyValuePair<string, string>> headers, string? contentType, List<string> notes)
    {
        if (_random.Next(3) == 0)
        {
            contentType = _random.Next(5) == 0 ? null : _contentTypes[_random.Next(_contentTypes.Length)];
            notes.Add("content-type " + (contentType ?? "none"));
            return (headers, contentType);
        }

        var name = _headerNames[_random.Next(_headerNames.Length)];
        var value = _headerValues[_random.Next(_headerValues.Length)];
        headers.Add(new(name, value));
        notes.Add($"{name}: {Shorten(value)}");
        return (headers, contentType);
    }

    private string MutatePath(string path, List<string> notes)
    {
        var segments = path.Split('/').ToList();
        var i = _random.Next(segments.Count);
        switch (_random.Next(6))
        {
            case 0:
                segments[i] = _pathJunk[_random.Next(_pathJunk.Length)];
                break;
            case 1:
                segments[i] = segments[i] + _pathJunk[_random.Next(_pathJunk.Length)];
                break;
            case 2:
                segments[i] = new string('x', 100 + _random.Next(3000));
                break;
            case 3:
                segments.Insert(i + 1, _pathJunk[_random.Next(_pathJunk.Length)]);
                break;
            case 4:
                segments.RemoveAt(i);
                break;
            default:
                segments[i] = Uri.EscapeDataString(_oddStrings[_random.Next(_oddStrings.Length)]);
                break;
        }

        notes.Add("path segment " + i);
        return string.Join('/', segments);
    }

    private void MutateQuery(List<KeyValuePair<string, string>> query, List<string> notes)
    {
        string[] names = ["api-version", "$top", "$filter", "$skiptoken", "$format", "originlocation", "$skip", "$orderby", "$expand", "x"];
        string[] values =
        [
            "-1", "0", "1", "100", "101", "99999999999999999999", "abc", "", "2021-01-01", "2016-11-01", "2099-01-01", "json", "atom", "xml",
            "Type eq 'Import'", "State eq 'Shipping' or State eq 'Completed'", "Name eq '%00'", "state eq", "(((((", "%27", "%00", "%ff", "%ED%A0%80",
            "eyJ4IjoxfQ", "!!!", "AAAA", "West%20US", Uri.EscapeDataString("' or 1=1"), new string('9', 400),
        ];
        var name = names[_random.Next(names.Length)];

        // Spaces go percent-encoded, as clients send them, so that the value reaches Ferry; one in ten stays raw and
        // Kestrel refuses the request line.
        var value = values[_random.Next(values.Length)];
        value = _random.Next(10) == 0 ? value : value.Replace(" ", "%20", StringComparison.Ordinal);
        if (_random.Next(3) == 0 && query.FindIndex(p => p.Key == name) is var existing and >= 0)
        {
            query[existing] = new(name, value);
        }
        else
        {
            query.Add(new(_random.Next(8) == 0 ? name + _pathJunk[_random.Next(_pathJunk.Length)] : name, value));
        }

        notes.Add($"query {name}={Shorten(value)}");
    }

    private JsonNode? RandomValue(List<byte[]> splices, int depth) => _random.Next(14) switch
    {
        0 => null,
        1 => JsonValue.Create(_random.Next(2) == 0),
        2 => JsonValue.Create(new[] { -1, 0, 1, int.MaxValue, int.MinValue }[_random.Next(5)]),
        3 => JsonValue.Create(new[] { long.MaxValue, long.MinValue, 1L << 40 }[_random.Next(3)]),
        4 => JsonValue.Create(new[] { 1.5, -0.0, 1e300, double.Epsilon }[_random.Next(4)]),
        5 => JsonNode.Parse(new[] { "1e309", "123456789012345678901234567890", "-1e-400", "0.0000000000000000000001" }[_random.Next(4)]),
        6 or 7 => JsonValue.Create(_oddStrings[_random.Next(_oddStrings.Length)]),
        8 => JsonValue.Create(MarkerFor(splices, _badText[_random.Next(_badText.Length)])),
        9 => depth > 2 ? new JsonArray() : new JsonArray(RandomValue(splices, depth + 1), RandomValue(splices, depth + 1)),
        10 => depth > 2 ? new JsonObject() : new JsonObject { [_oddStrings[_random.Next(_oddStrings.Length)]] = RandomValue(splices, depth + 1) },
        11 => new JsonArray(),
        12 => new JsonObject(),
        _ => JsonValue.Create(DateTimeOffset.UnixEpoch.AddSeconds(_random.NextInt64(-62_000_000_000, 250_000_000_000)).ToString("O", CultureInfo.InvariantCulture)),
    };

    private (JsonNode? Parent, string? Key, int Index) PickSlot(JsonNode tree)
    {
        var slots = new List<(JsonNode Parent, string? Key, int Index)>();
        foreach (var node in Nodes(tree))
        {
            switch (node)
            {
                case JsonObject o:
                    slots.AddRange(o.Select(p => ((JsonNode)o, (string?)p.Key, -1)));
                    break;
                case JsonArray a:
                    slots.AddRange(Enumerable.Range(0, a.Count).Select(i => ((JsonNode)a, (string?)null, i)));
                    break;
            }
        }

        return slots.Count == 0 ? (null, null, -1) : slots[_random.Next(slots.Count)];
    }

    private static void Set(JsonNode parent, string? key, int index, JsonNode? value)
    {
        if (parent is JsonObject o)
        {
            o[key!] = value;
        }
        else
        {
            ((JsonArray)parent)[index] = value;
        }
    }

    private static IEnumerable<JsonNode> Nodes(JsonNode? root)
    {
        if (root is null)
        {
            yield break;
        }

        yield return root;
        var children = root switch
        {
            JsonObject o => o.Select(p => p.Value),
            JsonArray a => a.AsEnumerable(),
            _ => [],
        };
        foreach (var child in children.ToList())
        {
            foreach (var node in Nodes(child))
            {
                yield return node;
            }
        }
    }

    /// <summary>A placeholder string whose bytes <see cref="Splice"/> replaces with <paramref name="raw"/> after serialisation.</summary>
    private static string MarkerFor(List<byte[]> splices, byte[] raw)
    {
        splices.Add(raw);
        return Marker + (splices.Count - 1).ToString(CultureInfo.InvariantCulture) + "#";
    }

    private static byte[] Splice(byte[] text, List<byte[]> splices)
    {
        if (splices.Count == 0)
        {
            return text;
        }

        var result = text;
        for (var i = 0; i < splices.Count; i++)
        {
            var marker = Encoding.UTF8.GetBytes(Marker + i.ToString(CultureInfo.InvariantCulture) + "#");
            var at = result.AsSpan().IndexOf(marker);
            if (at >= 0)
            {
                result = [.. result.AsSpan(0, at), .. splices[i], .. result.AsSpan(at + marker.Length)];
            }
        }

        return result;
    }

    private static JsonNode? TryParse(byte[] body)
    {
        try
        {
            // A body the generator can rewrite: UTF-8 that parses, without surrogate escapes (which it could not write out again).
            if (!System.Text.Unicode.Utf8.IsValid(body) || System.Text.RegularExpressions.Regex.IsMatch(Encoding.Latin1.GetString(body), @"\\u[dD][89a-fA-F]"))
            {
                return null;
            }

            var node = JsonNode.Parse(body, documentOptions: new System.Text.Json.JsonDocumentOptions { MaxDepth = 4096 });
            _ = node?.ToJsonString(_deep);
            _ = Nodes(node).Count(); // a repeated member name throws here, not later
            return node;
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException or ArgumentException)
        {
            return null;
        }
    }

    private static IEnumerable<KeyValuePair<string, string>> ParseQuery(string? query) =>
        string.IsNullOrEmpty(query) ? [] : query.Split('&').Select(p => p.Split('=', 2)).Select(p => new KeyValuePair<string, string>(p[0], p.Length > 1 ? p[1] : ""));

    private static string Shorten(string text) => text.Length <= 60 ? text : text[..57] + "...";
}
