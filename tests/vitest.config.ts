import path from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
// Each run has its own directory of databases (runs may overlap); the forks inherit this variable.
process.env.VITEST_RUN_DIR ??= path.join(root, "tmp", "vitest", `run-${process.pid}`);

export default defineConfig({
  root,
  resolve: { alias: { "~": path.join(root, "app") } },
  test: {
    include: ["app/**/*.test.{ts,tsx}", "db/**/*.test.ts", "emails/**/*.test.{ts,tsx}", "tests/unit/**/*.test.ts", "scripts/**/*.test.ts"],
    globalSetup: ["tests/setup/vitest-global.ts"],
    setupFiles: ["tests/setup/vitest-worker.ts"],
    pool: "forks",
    testTimeout: 20_000,
  },
});
