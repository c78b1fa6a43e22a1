// The signing scenario's baseline (npm run bench): the smallest Remix v2 app with a form action, built by the
// same classic compiler as the platform and served by the standard @remix-run/express adapter. Its build
// goes to tmp/bench/ (git-ignored), never beside the sources.
/** @type {import('@remix-run/dev').AppConfig} */
export default {
  appDirectory: "app",
  serverBuildPath: "../../../tmp/bench/baseline-remix/build/index.js",
  assetsBuildDirectory: "../../../tmp/bench/baseline-remix/public/build",
  cacheDirectory: "../../../tmp/bench/baseline-remix/.cache",
  publicPath: "/build/",
  serverModuleFormat: "esm",
  serverPlatform: "node",
  // The same future flags as the platform (remix.config.js at the top of the repository).
  future: {
    v3_fetcherPersist: true,
    v3_relativeSplatPath: true,
    v3_throwAbortReason: true,
    v3_lazyRouteDiscovery: true,
  },
};
