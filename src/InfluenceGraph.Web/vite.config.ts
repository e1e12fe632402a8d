import { defineConfig } from "vite";

// The app is built into the API's web root (served at /); the API serves it with a
// Content-Security-Policy without inline script, so nothing is inlined into index.html.
export default defineConfig({
  base: "/",
  build: {
    outDir: "../InfluenceGraph.Api/wwwroot",
    emptyOutDir: true,
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    chunkSizeWarningLimit: 1500,
    sourcemap: false,
  },
  worker: { format: "es" },
  server: { proxy: { "^/(graphs|jobs|metrics|problems|openapi|swagger|health)": "http://localhost:5080" } },
});
