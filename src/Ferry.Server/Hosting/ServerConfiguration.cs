using Microsoft.Extensions.Configuration.Json;

namespace Ferry.Server.Hosting;

/// <summary>
/// Where the server's settings come from, later winning: built-in defaults, <c>appsettings.json</c> next to the program,
/// <c>appsettings.json</c> in the working directory, the <c>--config</c> files in order, environment variables, the
/// command line (with the short switches such as <c>--data-dir</c> and <c>--emulation</c>).
/// </summary>
public static class ServerConfiguration
{
    /// <summary>The settings file read from the working directory.</summary>
    public const string SettingsFileName = "appsettings.json";

    /// <summary>The short command-line switches and the settings they set.</summary>
    public static IReadOnlyDictionary<string, string> Switches { get; } = new Dictionary<string, string>
    {
        ["--data-dir"] = "Ferry:DataDirectory",
        ["--database"] = "Ferry:Database:Provider",
        ["--connection-string"] = "Ferry:Database:ConnectionString",
        ["--roles"] = "Ferry:Roles",
        ["--blob-endpoint"] = "Ferry:Transfer:BlobEndpoint",
        ["--tls-certificate"] = "Ferry:TlsCertificate",
        ["--tls-key"] = "Ferry:TlsKey",
        ["--emulation"] = "Ferry:Emulation:Enabled",
        ["--config"] = "Ferry:ConfigFile",
    };

    /// <summary>
    /// The arguments with every bare flag given its value: <c>--emulation</c> alone (last, or before another option)
    /// becomes <c>--emulation true</c>, so the next option is not taken as its value.
    /// </summary>
    public static string[] NormalizeArguments(IReadOnlyList<string> args)
    {
        var normalized = new List<string>(args.Count + 1);
        for (var i = 0; i < args.Count; i++)
        {
            normalized.Add(args[i]);
            if (args[i] == "--emulation" && (i + 1 == args.Count || !bool.TryParse(args[i + 1], out _)))
            {
                normalized.Add("true");
            }
        }

        return [.. normalized];
    }

    /// <summary>The <c>--config</c> files of <paramref name="args"/> (<c>--config F</c> or <c>--config=F</c>), in order.</summary>
    public static IReadOnlyList<string> ConfigFiles(IReadOnlyList<string> args)
    {
        var files = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i] == "--config" && i + 1 < args.Count)
            {
                files.Add(args[++i]);
            }
            else if (args[i].StartsWith("--config=", StringComparison.Ordinal))
            {
                files.Add(args[i]["--config=".Length..]);
            }
        }

        return files;
    }

    /// <summary>
    /// Adds the working directory's <c>appsettings.json</c> (if any) and the <c>--config</c> files (which must exist) after
    /// the program's own settings files and before the environment variables, then the command line with its switches.
    /// </summary>
    /// <exception cref="InvalidOperationException">A <c>--config</c> file is missing or is not valid JSON.</exception>
    public static void AddSources(IConfigurationManager configuration, IReadOnlyList<string> args, string workingDirectory)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var lastJson = configuration.Sources.Select((source, index) => (source, index)).LastOrDefault(s => s.source is JsonConfigurationSource);
        var position = lastJson.source is null ? 0 : lastJson.index + 1;
        var files = new List<(string Path, bool Optional)>();
        var local = Path.GetFullPath(SettingsFileName, workingDirectory);
        if (!string.Equals(local, Path.GetFullPath(SettingsFileName, AppContext.BaseDirectory), StringComparison.Ordinal))
        {
            files.Add((local, true));
        }

        files.AddRange(ConfigFiles(args).Select(f => (Path.GetFullPath(f, workingDirectory), false)));
        foreach (var (path, optional) in files)
        {
            if (!optional && !File.Exists(path))
            {
                throw new InvalidOperationException($"The settings file '{path}' (--config) does not exist.");
            }

            var source = new JsonConfigurationSource { Path = path, Optional = optional, ReloadOnChange = false };
            source.ResolveFileProvider();
            try
            {
                configuration.Sources.Insert(position++, source);
            }
            catch (InvalidDataException e)
            {
                throw new InvalidOperationException($"The settings file '{path}' cannot be read: {e.Message}", e);
            }
        }

        configuration.AddCommandLine([.. args], Switches.ToDictionary());
    }
}
