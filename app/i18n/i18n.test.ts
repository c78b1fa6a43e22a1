import { describe, expect, it } from "vitest";
import { en } from "./messages/en";
import { fa } from "./messages/fa";
import { formatDayShort, formatIsoDate, formatNumber, localeFromPath, localizePath, stripLocale } from "./index";

describe("locales in the URL", () => {
  it("reads the locale from the first path segment", () => {
    expect(localeFromPath("/")).toBe("en");
    expect(localeFromPath("/fa")).toBe("fa");
    expect(localeFromPath("/fa/petitions/x")).toBe("fa");
    expect(localeFromPath("/farsi")).toBe("en");
  });

  it("moves a path between languages", () => {
    expect(localizePath("fa", "/")).toBe("/fa");
    expect(localizePath("fa", "/campaigns/x")).toBe("/fa/campaigns/x");
    expect(localizePath("en", "/fa/campaigns/x")).toBe("/campaigns/x");
    expect(stripLocale("/fa")).toBe("/");
  });
});

describe("formatting", () => {
  it("uses Persian digits in Persian", () => {
    expect(formatNumber("fa", 1234567)).toBe("۱٬۲۳۴٬۵۶۷");
    expect(formatNumber("en", 1234567)).toBe("1,234,567");
  });

  it("formats dates of any precision, Solar Hijri first in Persian", () => {
    expect(formatIsoDate("en", "1988-12-30")).toBe("30 December 1988");
    expect(formatIsoDate("fa", "1988-12-30")).toBe("۹ دی ۱۳۶۷ (۳۰ دسامبر ۱۹۸۸)");
    expect(formatIsoDate("en", "2024-07")).toBe("July 2024");
    expect(formatIsoDate("en", "1988")).toBe("1988");
    expect(formatIsoDate("fa", "1988")).toBe("۱۹۸۸");
  });

  it("formats a day without its year for chart axes, Solar Hijri in Persian", () => {
    expect(formatDayShort("en", "2026-12-03")).toBe("3 Dec");
    expect(formatDayShort("fa", "2026-12-03")).toBe("۱۲ آذر");
    expect(formatDayShort("fa", "2026-03-21")).toBe("۱ فروردین");
  });
});

describe("message catalogue", () => {
  it("has the same keys in both languages, none empty", () => {
    expect(Object.keys(fa).sort()).toEqual(Object.keys(en).sort());
    for (const [key, value] of Object.entries(fa)) {
      if (typeof value === "string") expect(value.trim(), key).not.toBe("");
    }
  });
});
