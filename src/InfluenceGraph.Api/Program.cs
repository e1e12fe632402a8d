using InfluenceGraph.Api.Hosting;

// The InfluenceGraph REST API: see Hosting/InfluenceGraphApiSetup.cs for services and pipeline,
// Endpoints/ for one file per resource. Listens on http://localhost:5080 unless configured.
var builder = WebApplication.CreateBuilder(args);
builder.AddInfluenceGraphApi();

var app = builder.Build();
app.MapInfluenceGraphApi();
app.Run();

/// <summary>Entry point (partial so that WebApplicationFactory can reach it in tests).</summary>
public partial class Program;
