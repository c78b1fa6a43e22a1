// Property tests of the letter form's schema: whatever a client sends, parsing never throws; it either accepts
// values within the documented limits or names the fields to fix, with a message in both languages.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { hostileString, hugeString } from "../../tests/setup/arbitraries";
import { expectTranslated } from "../../tests/setup/catalogue";
import { limits as signLimits } from "~/petitions/signature-schema";
import { letterFormValues, letterLimits, parseLetterForm, type LetterField } from "./letter-schema";

/* eslint-disable no-control-regex -- the documented refusals */
const controlInLine = /[\u0000-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069\uFEFF]/u;
const controlInText = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069\uFEFF]/u;
/* eslint-enable no-control-regex */

const fields = ["name", "email", "city", "country", "appear", "delivery", "body"] as const;
const letterFields: LetterField[] = [...fields, "states"];
const valid = { name: "Sara Rahimi", email: "sara@example.org", city: "Oslo", country: "NO", appear: "reachable", delivery: "platform", body: "Excellency,\n\nPlease act." };

const anyValue = fc.oneof(
  { weight: 6, arbitrary: hostileString(120) },
  { weight: 1, arbitrary: hugeString() },
  { weight: 1, arbitrary: fc.constantFrom("reachable", "withheld", "platform", "self", "IR") },
  { weight: 1, arbitrary: fc.constantFrom(undefined, null, true, 0, Number.NaN, [], {}, ["self"]) },
);

const settings = fc.record({ editable: fc.boolean(), maxLength: fc.integer({ min: 0, max: 25_000 }) });

function check(form: Record<string, unknown>, options: { editable: boolean; maxLength: number }) {
  const result = parseLetterForm(form, options);
  if (result.success) {
    const d = result.data;
    const selfSend = d.delivery === "self";
    if (!(selfSend && d.appear === "withheld")) {
      expect(d.name.length).toBeGreaterThanOrEqual(signLimits.nameMin);
      expect(d.name.length).toBeLessThanOrEqual(signLimits.nameMax);
      expect(d.name).toMatch(/\p{L}/u);
      expect(d.name).not.toMatch(controlInLine);
    }
    if (!selfSend) {
      expect(d.email.length).toBeLessThanOrEqual(signLimits.emailMax);
      expect(d.email).not.toMatch(controlInLine);
      expect(d.email).toMatch(/^[^\s@]+@[^\s@]+\.[^\s@.]{2,}$/u);
    }
    expect(d.city.length).toBeLessThanOrEqual(letterLimits.cityMax);
    expect(d.city).not.toMatch(controlInLine);
    expect(d.country).toMatch(/^[A-Z]{2}$/);
    expect(["reachable", "withheld"]).toContain(d.appear);
    expect(["platform", "self"]).toContain(d.delivery);
    if (options.editable) {
      expect(typeof d.body).toBe("string");
      expect(d.body!.length).toBeGreaterThan(0);
      expect(d.body!.length).toBeLessThanOrEqual(Math.min(options.maxLength, letterLimits.absoluteBodyMax));
      expect(d.body).not.toMatch(controlInText);
      expect(d.body).not.toContain("\r");
    } else expect(d.body).toBeUndefined();
  } else {
    const entries = Object.entries(result.errors);
    expect(entries.length).toBeGreaterThan(0);
    for (const [field, key] of entries) {
      expect(letterFields).toContain(field);
      expectTranslated(key!, field);
    }
  }
  const values = letterFormValues(form, "the template");
  expect(values.name.length).toBeLessThanOrEqual(300);
  expect(values.email.length).toBeLessThanOrEqual(600);
  expect(values.city.length).toBeLessThanOrEqual(300);
  expect(values.body.length).toBeLessThanOrEqual(letterLimits.absoluteBodyMax + 1000);
  return result;
}

describe("the letter form's schema, under hostile input", () => {
  it("never throws on any set of fields with any values, editable or not", () => {
    fc.assert(
      fc.property(fc.record(Object.fromEntries(fields.map((f) => [f, anyValue])), { requiredKeys: [] }), settings, (form, options) => {
        check(form, options);
      }),
      { numRuns: 400 },
    );
  });

  it("one hostile field in an otherwise valid form: accepted within limits, or refused on that field alone", () => {
    fc.assert(
      fc.property(fc.constantFrom("name", "email", "city", "country", "appear", "delivery", "body"), fc.oneof(hostileString(150), hugeString()), (field, value) => {
        const result = check({ ...valid, [field]: value }, { editable: true, maxLength: 5_000 });
        // The delivery decides which fields are needed: a bad one may also make the email or name unneeded.
        if (!result.success && field !== "delivery" && field !== "appear") expect(Object.keys(result.errors)).toEqual([field]);
      }),
      { numRuns: 400 },
    );
  });

  it("the campaign's maximum length holds for the text as stored (after Unicode normalisation)", () => {
    // U+0958 and U+FB1D are composition exclusions: NFC turns each into two code units.
    const text = fc.string({ unit: fc.constantFrom("a", " ", "\u0958", "\uFB1D", "\u2ADC", "\r\n", "é", "e\u0301"), minLength: 1, maxLength: 400 });
    fc.assert(
      fc.property(text, fc.integer({ min: 1, max: 400 }), (body, maxLength) => {
        check({ ...valid, body: `x${body}` }, { editable: true, maxLength });
      }),
      { numRuns: 300 },
    );
  });

  it("a letter sent by the writer themselves needs no email, whatever is in the field", () => {
    fc.assert(
      fc.property(hostileString(60), (email) => {
        const result = check({ ...valid, delivery: "self", email }, { editable: false, maxLength: 5_000 });
        expect(result.success).toBe(true);
      }),
    );
  });
});
