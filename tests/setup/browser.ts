// How the test suites launch Debian's Chromium (Playwright's own download cannot be used here): as root it
// needs --no-sandbox, and the other flags stop it from reaching hosts it cannot (and must not) reach.
export const chromiumLaunchOptions = {
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
  ],
};

/**
 * Options every browser context of the suites gets (the configs' `use`, and contexts tests open themselves).
 * The stylesheet scrolls smoothly unless the reader asks for reduced motion. A smooth scroll (after a focus,
 * a fill or an anchor) moves the whole page for a few hundred milliseconds, and a click aimed in that time can
 * land beside its target: the tests read pages that hold still.
 */
export const contextDefaults = { reducedMotion: "reduce" } as const;
