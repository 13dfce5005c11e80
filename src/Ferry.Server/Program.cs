using Ferry.Server;

return await FerryServer.RunAsync(args, CancellationToken.None);
