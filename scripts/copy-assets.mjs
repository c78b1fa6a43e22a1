// Copies self-hosted third-party assets (fonts) from node_modules into public/, so that no page ever loads
// anything from another host. Runs before every build.
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
