// The end-to-end tests drive Debian's Chromium (/usr/bin/chromium). Installs it with apt-get when it is
// missing (as root, or through sudo), since Playwright's own browser download cannot be used here.
import { execSync } from "node:child_process";
import fs from "node:fs";

const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
if (fs.existsSync(chromium)) process.exit(0);

console.log(`${chromium} is missing: installing Debian's chromium package…`);
const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
const sudo = isRoot ? "" : "sudo ";
try {
  execSync(`${sudo}apt-get update -qq && ${sudo}env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium`, { stdio: "inherit" });
} catch {
  console.error("Could not install Chromium. Install it yourself (apt-get install chromium) or set CHROMIUM_PATH.");
  process.exit(1);
}
if (!fs.existsSync(chromium)) {
  console.error(`Chromium was installed but ${chromium} does not exist; set CHROMIUM_PATH.`);
  process.exit(1);
}
