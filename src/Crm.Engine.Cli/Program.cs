using Crm.Engine.Cli;

return await CrmCli.RunAsync(args, Console.Out, Console.Error).ConfigureAwait(false);
