using Ferry.Server;

return await FerryServer.RunAsync(args.SkipWhile(a => a == "serve").ToArray(), CancellationToken.None);
