// The reliability suite (issue 8): crashes, outages, a locked database, concurrency and floods, each against
// servers of its own (tests/setup/app-server.ts). Same launch options as the end-to-end suite.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "@playwright/test";
import { chromiumLaunchOptions, contextDefaults } from "./setup/browser";

const here = path.dirname(fileURLToPath(import.meta.url));

export default defineConfig({
  testDir: path.join(here, "faults"),
  outputDir: path.join(here, "..", "test-results", "faults"),
  fullyParallel: true,
  workers: 2,
  retries: 0,
  // Generous: the machine running these may be shared and busy (each test has its own servers).
  timeout: 150_000,
  expect: { timeout: 10_000 },
  reporter: [["list"]],
  use: {
    browserName: "chromium",
    trace: "retain-on-failure",
    launchOptions: chromiumLaunchOptions,
    ...contextDefaults,
  },
});
