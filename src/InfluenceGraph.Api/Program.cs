var builder = WebApplication.CreateBuilder(args);
var app = builder.Build();
app.MapGet("/health", () => Results.Ok(new { status = "ok" }));
app.Run();

/// <summary>Entry point (partial so that WebApplicationFactory can reach it in tests).</summary>
public partial class Program;
