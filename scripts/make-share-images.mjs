// Renders the self-hosted share images (Open Graph, 1200×630 PNG) with the local Chromium, from text only,
// so that they can be regenerated when a campaign title changes:  node scripts/make-share-images.mjs
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "@playwright/test";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const font = fs.readFileSync(path.join(root, "node_modules/@fontsource-variable/vazirmatn/files/vazirmatn-arabic-wght-normal.woff2")).toString("base64");

const images = [
  {
    file: "1988-massacre.png",
    en: "Justice for the victims of Iran’s 1988 massacre",
    fa: "عدالت برای قربانیان کشتار ۱۳۶۷ در ایران",
    line: "Sign the petition · Write to the UN",
  },
  { file: "default.png", en: "Campaigns for accountability", fa: "کارزارهای دادخواهی", line: "" },
];

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
});
const page = await browser.newPage({ viewport: { width: 1200, height: 630 } });
for (const image of images) {
  await page.setContent(`<!doctype html><html><head><meta charset="utf-8"><style>
    @font-face { font-family: V; src: url(data:font/woff2;base64,${font}) format("woff2"); }
    body { margin:0; width:1200px; height:630px; background:#22201d; color:#f4f1ea; display:flex; flex-direction:column; justify-content:center; padding:0 90px; box-sizing:border-box; border-top:14px solid #7a1c1c; }
    .en { font: 700 60px/1.15 "Iowan Old Style", Palatino, Georgia, serif; max-width: 900px; }
    .fa { font: 600 48px/1.6 V, sans-serif; direction: rtl; text-align: right; margin-top: 36px; }
    .line { font: 500 28px/1.4 system-ui, sans-serif; color:#cfc8bb; margin-top: 40px; }
  </style></head><body><div class="en">${image.en}</div><div class="fa" lang="fa">${image.fa}</div>${image.line ? `<div class="line">${image.line}</div>` : ""}</body></html>`);
  await page.evaluate(() => document.fonts.ready);
  await page.screenshot({ path: path.join(root, "public/images/share", image.file) });
  console.log(`public/images/share/${image.file}`);
}
await browser.close();
