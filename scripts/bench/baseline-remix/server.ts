// Serves the baseline Remix app (built into tmp/bench/baseline-remix/build) the usual way: Express with the
// standard @remix-run/express request handler, in production mode. Listens on the port given as the first
// argument (0: any free port) and prints "listening <port>" when ready.
import path from "node:path";
import { pathToFileURL } from "node:url";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import express from "express";

const buildFile = path.resolve("tmp/bench/baseline-remix/build/index.js");
const build = (await import(pathToFileURL(buildFile).href)) as ServerBuild;

const app = express();
app.disable("x-powered-by");
app.all("*", createRequestHandler({ build, mode: "production" }));
const server = app.listen(Number(process.argv[2] ?? 0), "127.0.0.1", () => {
  const address = server.address();
  console.log(`listening ${typeof address === "object" && address ? address.port : 0}`);
});
server.keepAliveTimeout = 65_000;
process.on("SIGTERM", () => process.exit(0));
