using DigitaleFremskritt.Cli;

return await FremskrittApp.RunAsync(args);
