using System.CommandLine;

namespace Ferry.Cli.Commands.Completion;

/// <summary>
/// <c>ferry completion bash|zsh|pwsh</c>: prints a script that makes the shell complete ferry's commands, options and
/// values. Each script asks ferry itself through the <c>[suggest:POSITION]</c> directive, so completions follow the
/// installed version.
/// </summary>
internal static class CompletionCommand
{
    public const string Bash = """
        # ferry completion for bash. Load it with: source <(ferry completion bash)   (e.g. in ~/.bashrc)
        _ferry_complete()
        {
            local IFS=$'\n'
            local candidates
            candidates=$(ferry "[suggest:${COMP_POINT}]" "${COMP_LINE}" 2>/dev/null)
            COMPREPLY=( $(compgen -W "${candidates}" -- "${COMP_WORDS[COMP_CWORD]}") )
        }
        complete -o default -F _ferry_complete ferry
        """;

    public const string Zsh = """
        # ferry completion for zsh. Load it with: source <(ferry completion zsh)   (e.g. in ~/.zshrc, after compinit)
        _ferry_complete()
        {
            local line="${(j: :)words[1,CURRENT]}"
            local -a candidates
            candidates=("${(@f)$(ferry "[suggest:${#line}]" "${line}" 2>/dev/null)}")
            compadd -- ${candidates:#}
        }
        compdef _ferry_complete ferry
        """;

    public const string PowerShell = """
        # ferry completion for PowerShell. Load it with: ferry completion pwsh | Out-String | Invoke-Expression   (e.g. in $PROFILE)
        Register-ArgumentCompleter -Native -CommandName ferry -ScriptBlock {
            param($wordToComplete, $commandAst, $cursorPosition)
            $position = $cursorPosition - $commandAst.Extent.StartOffset
            $line = $commandAst.ToString().PadRight($position)
            ferry "[suggest:$position]" "$line" 2>$null | ForEach-Object {
                [System.Management.Automation.CompletionResult]::new($_, $_, 'ParameterValue', $_)
            }
        }
        """;

    public static Command Create()
    {
        var shell = new Argument<string>("shell") { Description = "bash, zsh or pwsh (PowerShell)." }.AcceptOnlyFromAmong("bash", "zsh", "pwsh");
        var command = new Command("completion", "Print the shell completion script: source <(ferry completion bash) (or zsh); ferry completion pwsh | Out-String | Invoke-Expression.")
        {
            shell,
        };
        command.SetAction(async (parse, _) =>
        {
            var script = parse.GetValue(shell) switch { "bash" => Bash, "zsh" => Zsh, _ => PowerShell };
            await parse.InvocationConfiguration.Output.WriteLineAsync(script);
            return FerryCli.Ok;
        });
        return command;
    }
}
