// Checks that an error the server reports can be shown: the key exists in both catalogues and reads as a
// non-empty sentence in each language (with any parameters a message takes).
import { expect } from "vitest";
import { translateKey, type MessageKey } from "../../app/i18n";
import { en } from "../../app/i18n/messages/en";
import { fa } from "../../app/i18n/messages/fa";

const sampleParams = { minutes: 5, max: 100, min: 1, days: 7, count: 2, name: "x", field: "x" };

export function expectTranslated(key: string, where = "") {
  expect(Object.hasOwn(en, key), `${where} ${key} in the English catalogue`).toBe(true);
  expect(Object.hasOwn(fa, key), `${where} ${key} in the Persian catalogue`).toBe(true);
  for (const locale of ["en", "fa"] as const) {
    const text = translateKey(locale, key as MessageKey, sampleParams);
    expect(typeof text, `${where} ${locale} ${key}`).toBe("string");
    expect(text.trim(), `${where} ${locale} ${key}`).not.toBe("");
  }
}
