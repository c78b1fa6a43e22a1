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
