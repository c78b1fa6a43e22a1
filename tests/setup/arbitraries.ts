// fast-check arbitraries for hostile input, shared by the property tests (unit and end-to-end): any Unicode
// (control characters, NUL, lone surrogates, bidi overrides and marks, zero-width characters), the strings an
// attacker tries first (markup, script, SQL, spreadsheet formulas, path traversal, redirects), and mixtures.
import fc from "fast-check";

/** Characters that break naive code: C0/C1 controls, NUL, bidi controls, zero-width, BOM, line separators. */
export const nastyCharacters = [
  "\u0000",
  "\u0001",
  "\u0007",
  "\u0008",
  "\t",
  "\n",
  "\u000B",
  "\u000C",
  "\r",
  "\u001B",
  "\u007F",
  "\u0085",
  "\u009F",
  "\u00A0",
  "\u200B",
  "\u200C",
  "\u200D",
  "\u200E",
  "\u200F",
  "\u2028",
  "\u2029",
  "\u202A",
  "\u202B",
  "\u202E",
  "\u2066",
  "\u2069",
  "\uFEFF",
  "\uFFFD",
  "\uFFFF",
  "\uD800",
  "\uDFFF",
  "\u{1F600}",
  "\u0301",
  "ی",
  "ك",
  "۱",
  "＝",
  "＋",
  "＠",
] as const;

/** What an attacker types first. */
export const attackStrings = [
  "<script>alert(1)</script>",
  '"><img src=x onerror=alert(1)>',
  "'><svg/onload=alert(1)>",
  "javascript:alert(1)",
  "</textarea><script>alert(1)</script>",
  "{{constructor.constructor('alert(1)')()}}",
  "${7*7}",
  "' OR '1'='1",
  "'; DROP TABLE signatures; --",
  '" OR 1=1 --',
  "1; SELECT * FROM staff_users",
  "%' OR 1=1 --",
  "\\",
  "_%",
  '=HYPERLINK("http://evil.example","click")',
  "+cmd|' /C calc'!A0",
  "-2+3+cmd|' /C calc'!A0",
  "@SUM(1+1)*cmd|' /C calc'!A0",
  "\t=1+1",
  "\r=1+1",
  " =1+1",
  "../../../../etc/passwd",
  "..%2f..%2fpackage.json",
  "//evil.example",
  "https://evil.example",
  "/\\evil.example",
  "%2F%2Fevil.example",
  "__proto__",
  "constructor",
  "toString",
  "NaN",
  "-1",
  "1e309",
  "0x10",
  "9007199254740993",
  "null",
  "undefined",
  "true",
  "[object Object]",
  "",
  " ",
] as const;

/** One code unit that may be half of a surrogate pair. */
const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c));

/** A string of any code points, lone surrogates and nasty characters included. */
export function anyUnicode(maxLength = 40): fc.Arbitrary<string> {
  return fc.string({
    unit: fc.oneof(
      { weight: 4, arbitrary: fc.string({ unit: "binary", minLength: 1, maxLength: 1 }) },
      { weight: 2, arbitrary: fc.constantFrom(...nastyCharacters) },
      { weight: 1, arbitrary: loneSurrogate },
      { weight: 3, arbitrary: fc.string({ unit: "grapheme-ascii", minLength: 1, maxLength: 1 }) },
    ),
    maxLength,
  });
}

/** Hostile text: random Unicode, known attacks, and attacks wrapped in or mixed with random Unicode. */
export function hostileString(maxLength = 40): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 3, arbitrary: anyUnicode(maxLength) },
    { weight: 2, arbitrary: fc.constantFrom(...attackStrings) },
    { weight: 1, arbitrary: fc.tuple(anyUnicode(8), fc.constantFrom(...attackStrings), anyUnicode(8)).map((parts) => parts.join("")) },
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...attackStrings), fc.integer({ min: 2, max: 400 })).map(([s, n]) => s.repeat(n).slice(0, Math.max(n, 2000))) },
  );
}

/** A huge value (tens of kilobytes), of one repeated piece. */
export function hugeString(): fc.Arbitrary<string> {
  return fc.tuple(fc.constantFrom("x", "ی", "<b>", "\u0000", "=", "\u{1F600}", "a b "), fc.integer({ min: 1_000, max: 40_000 })).map(([s, n]) => s.repeat(n));
}

/** Lone surrogates replaced by U+FFFD, as a UTF-8 encoder does (String.prototype.toWellFormed, ES2024). */
export function wellFormed(value: string): string {
  return value.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, "\uFFFD");
}

/** A text that a well-behaved HTTP form could carry (no lone surrogates: UTF-8 cannot encode them). */
export function formText(maxLength = 40): fc.Arbitrary<string> {
  return hostileString(maxLength).map(wellFormed);
}

/** A record of hostile values for the given field names, some missing, plus some unknown fields. */
export function hostileForm(fields: readonly string[], value: fc.Arbitrary<string> = formText()): fc.Arbitrary<Record<string, string>> {
  return fc
    .tuple(
      fc.record(Object.fromEntries(fields.map((f) => [f, value])) as Record<string, fc.Arbitrary<string>>, { requiredKeys: [] }),
      fc.dictionary(fc.oneof(fc.constantFrom("__proto__", "constructor", "_data", "index", "intent", "id"), fc.string({ maxLength: 12 })), value, { maxKeys: 3 }),
    )
    .map(([known, extra]) => {
      const form: Record<string, string> = { ...extra };
      for (const [name, v] of Object.entries(known)) if (v !== undefined) form[name] = v;
      return form;
    });
}

/** A token as an attacker might forge one: random base64url of any length, or any printable junk. */
export function forgedToken(): fc.Arbitrary<string> {
  const base64url = fc.string({ unit: fc.constantFrom(..."ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".split("")), minLength: 1, maxLength: 200 });
  return fc.oneof(base64url, fc.string({ unit: "grapheme", minLength: 1, maxLength: 60 }), fc.constantFrom("0", "1.", ".", "a.b.c", "null", "undefined", "%00", "' OR 1=1 --"));
}
