// Copies self-hosted third-party assets (fonts, the ALTCHA proof-of-work widget) from node_modules into public/,
// so that no page ever loads anything from another host. Runs before every build.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const fontDir = path.join(root, "public", "fonts");
fs.mkdirSync(fontDir, { recursive: true });

const vazirmatn = path.join(root, "node_modules", "@fontsource-variable", "vazirmatn");
// Only the Arabic-script subset: Latin text on Persian pages uses the reader's system fonts.
fs.copyFileSync(path.join(vazirmatn, "files", "vazirmatn-arabic-wght-normal.woff2"), path.join(fontDir, "vazirmatn-arabic-wght.woff2"));
fs.copyFileSync(path.join(vazirmatn, "LICENSE"), path.join(fontDir, "vazirmatn-OFL.txt"));

// ALTCHA (app/components/ProofOfWork.tsx): the CSP-friendly "external" build (no inline styles, no blob: or
// data: workers, no eval), its stylesheet, and the SHA worker it needs, all served from /vendor/altcha/.
const altcha = path.join(root, "node_modules", "altcha");
const altchaDir = path.join(root, "public", "vendor", "altcha");
fs.mkdirSync(path.join(altchaDir, "workers"), { recursive: true });
fs.copyFileSync(path.join(altcha, "dist", "external", "altcha.min.js"), path.join(altchaDir, "altcha.min.js"));
fs.copyFileSync(path.join(altcha, "dist", "external", "altcha.css"), path.join(altchaDir, "altcha.css"));
fs.copyFileSync(path.join(altcha, "dist", "workers", "sha.js"), path.join(altchaDir, "workers", "sha.js"));
fs.copyFileSync(path.join(altcha, "LICENSE.txt"), path.join(altchaDir, "LICENSE.txt"));
