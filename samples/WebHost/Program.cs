using Crm.Engine;
using Crm.Engine.AspNetCore;
using Crm.Engine.AspNetCore.Health;
using Microsoft.AspNetCore.Authentication;
using WebHost;

var builder = WebApplication.CreateBuilder(args);
// Loopback only: the sample's development authentication must never face a network.
builder.WebHost.UseUrls(builder.Configuration["urls"] ?? "http://127.0.0.1:5080");

var data = Path.GetFullPath(builder.Configuration["Crm:DataDirectory"] ?? "crm-data");
var plugins = Path.Combine(data, "plugins");
Directory.CreateDirectory(plugins);

builder.Services.AddCrmEngine()
    .UseSqliteStorage(o => o.DataSource = Path.Combine(data, "crm.db"))
    .AddPluginsFromDirectory(plugins)                  // drop channel plugins (chat, social, email) in here
    .AddLoyaltyPoints(o =>                             // 1 point per EUR spent; Silver from 500 points a year
    {
        o.Currency = "EUR";
        o.Tiers.Add(new Crm.Engine.Loyalty.LoyaltyTier { Name = "Silver", Threshold = 500 });
    });
builder.Services.AddCrmAspNetCore();
builder.Services.AddAuthentication(DevHeaderAuthenticationHandler.SchemeName)
    .AddScheme<AuthenticationSchemeOptions, DevHeaderAuthenticationHandler>(DevHeaderAuthenticationHandler.SchemeName, null);
builder.Services.AddAuthorization();
builder.Services.AddHealthChecks().AddCrmEngineChecks();
builder.Services.AddOpenApi();

var app = builder.Build();
app.UseAuthentication();
app.UseAuthorization();
app.MapCrmApi();
app.MapCrmWebhooks();
app.MapHealthChecks("/health");
app.MapOpenApi();
Console.WriteLine($"CRM data in {data}; plugins from {plugins}");
await app.RunAsync();
