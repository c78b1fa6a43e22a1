// Builds the worker threads' entry points next to the server bundle (build/), with the esbuild that the Remix
// compiler uses. The Remix server build has a single entry (app/server/index.ts); a worker thread needs a file
// of its own. Packages stay external: the workers load them from node_modules like the server does.
import { build } from "esbuild";

await build({
  entryPoints: { "export-worker": "app/staff/export-worker.server.ts", "checkpoint-worker": "app/utils/checkpoint-worker.server.ts" },
  outdir: "build",
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  packages: "external",
  logLevel: "warning",
});
