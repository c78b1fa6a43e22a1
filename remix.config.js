/** @type {import('@remix-run/dev').AppConfig} */
export default {
  // The production server (Express, security headers, page cache, background jobs) is compiled together
  // with the app into build/index.js, so that both share one module graph: one database connection, one
  // outbox loop, one page cache. See docs/decisions/0002-server-entry.md.
  server: "app/server/index.ts",
  serverBuildPath: "build/index.js",
  serverModuleFormat: "esm",
  serverPlatform: "node",
  ignoredRouteFiles: ["**/.*", "**/*.test.{ts,tsx}", "**/*.css"],
  watchPaths: ["emails/**/*", "db/schema/**/*", "db/seed/**/*"],
  future: {
    v3_fetcherPersist: true,
    v3_relativeSplatPath: true,
    v3_throwAbortReason: true,
    v3_lazyRouteDiscovery: true,
  },
};
