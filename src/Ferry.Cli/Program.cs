using Ferry.Cli;

return await FerryCli.RunAsync(args, Console.Out, Console.Error);
