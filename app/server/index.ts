// The production server's entry point (compiled with the app into build/index.js, see remix.config.js):
// validates the configuration, migrates and seeds the database, starts HTTP and the background jobs, and
// shuts down cleanly on SIGTERM/SIGINT.
import http from "node:http";
import * as build from "@remix-run/dev/server-build";
import { broadcastDevReady, type ServerBuild } from "@remix-run/node";
import { blockDemoRecipients, seedDemoRecipients } from "../../db/seed/demo";
import { seed } from "../../db/seed/index";
import { startMailer, stopMailer } from "../mail/mailer.server";
import { startScheduler, stopScheduler } from "../privacy/scheduler.server";
import { firstAdminLink } from "../staff/auth.server";
import { stopExportWorkers } from "../staff/export-pool.server";
import { startCheckpointer } from "../utils/checkpointer.server";
import { closeDatabase, db } from "../utils/db.server";
import { env } from "../utils/env.server";
import { keyring } from "../utils/keys.server";
import { logger } from "../utils/logger.server";
import { pageCache } from "../utils/page-cache.server";
import { createApp, createFormPostFastPath, servePageFast } from "./app";

const config = env();
const log = logger();
// Fail at once, not at the first signature, if the keys are missing or invalid.
keyring();

const database = db();
if (config.seedOnStart) {
  const report = seed(database);
  log.info({ countries: report.countries, unMembers: report.unMembers, campaignsAdded: report.campaignsAdded }, "seed applied");
}
if (config.isLocal) {
  const demo = seedDemoRecipients(database);
  if (demo) log.info({ demoRecipients: demo }, "demo recipients on example.org added (local mode only)");
} else {
  const blocked = blockDemoRecipients(database);
  if (blocked) log.warn({ demoRecipients: blocked }, "demo recipients blocked: a production start never delivers to them");
}

startMailer();
startScheduler();
// Checkpoints on a thread of their own, off the event loop (docs/decisions/0021-group-commit.md).
const checkpointer = startCheckpointer(database.$client, {
  onError: (message) => log.error({ err: message }, "checkpoints back on the main thread"),
});

// A fresh install has no staff account and no default password: print a one-time link to create the first admin.
const setupLink = firstAdminLink(database);
if (setupLink) {
  console.log(`\nNo staff account exists yet. Create the first administrator with this one-time link (valid 24 hours):\n${setupLink}\n`);
}

const app = createApp({
  build: build as unknown as ServerBuild,
  config,
  log,
  pageCache,
  // Staff upload mission lists (CSV or the Blue Book's JSON): larger than any form.
  bodyLimits: [
    { prefix: "/staff/recipients/import", bytes: 5_000_000 },
    { prefix: "/fa/staff/recipients/import", bytes: 5_000_000 },
    // Campaign texts in Persian run to 100 KB and more when url-encoded.
    { prefix: "/staff/campaigns/", bytes: 1_000_000 },
    { prefix: "/fa/staff/campaigns/", bytes: 1_000_000 },
    { prefix: "/staff/petitions/", bytes: 1_000_000 },
    { prefix: "/fa/staff/petitions/", bytes: 1_000_000 },
    { prefix: "/staff/letters/", bytes: 1_000_000 },
    { prefix: "/fa/staff/letters/", bytes: 1_000_000 },
  ],
});
// Cache hits of public pages, and plain posts of the sign form and the confirmation button, are answered
// before Express (servePageFast, formPostFastPath: ADRs 0019 and 0020); everything else goes to the app.
// Logging every read (debug level) turns the fast paths off.
const fastPaths = !log.isLevelEnabled("debug");
const formPosts = createFormPostFastPath(app, { config, log });
const server = http.createServer((req, res) => {
  if (!fastPaths || !(servePageFast(pageCache, req, res) || formPosts(req, res))) app(req, res);
});
server.listen(config.port, config.host, () => {
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : config.port;
  log.info({ url: `http://${config.host}:${port}`, publicUrl: config.publicUrl, mode: config.appEnv }, "listening");
  if (config.nodeEnv === "development") void broadcastDevReady(build as unknown as ServerBuild);
});
server.keepAliveTimeout = 65_000;
server.headersTimeout = 66_000;
server.requestTimeout = 30_000;

let stopping = false;
function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  log.info({ signal }, "shutting down");
  stopScheduler();
  server.close(() => {
    void Promise.all([stopMailer(), stopExportWorkers(), checkpointer.stop()]).finally(() => {
      closeDatabase();
      process.exit(0);
    });
  });
  server.closeIdleConnections();
  setTimeout(() => process.exit(0), 10_000).unref();
}
process.on("SIGTERM", () => shutdown("SIGTERM"));
process.on("SIGINT", () => shutdown("SIGINT"));
