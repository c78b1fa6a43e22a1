// The letter form's schema, shared by the browser and the server. Messages are catalogue keys.
import { z } from "zod";
import type { MessageKey } from "~/i18n";
import { limits as signLimits } from "~/petitions/signature-schema";

z.config({ jitless: true });

const key = (k: MessageKey) => k;
/* eslint-disable no-control-regex -- matching control characters is the point */
const forbiddenInLine = /[\u0000-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069\uFEFF]/u;
const forbiddenInText = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069\uFEFF]/u;
/* eslint-enable no-control-regex */
const emailPattern = /^[^\s@<>(),;:"[\]\\]+@[^\s@<>(),;:"[\]\\]+\.[^\s@<>(),;:"[\]\\.]{2,}$/u;

export const letterLimits = { cityMax: 100, absoluteBodyMax: 20000 } as const;

const line = (required: MessageKey, tooLong: MessageKey, max: number, min = 1) =>
  z
    .string({ error: key(required) })
    .transform((v) => v.normalize("NFC").replace(/\s+/gu, " ").trim())
    .pipe(
      z
        .string()
        .min(min, { error: key(required) })
        .max(max, { error: key(tooLong) })
        .refine((v) => !forbiddenInLine.test(v), { error: key("sign.error.nameInvalid") }),
    );

/** The body as typed, with line breaks normalised. The campaign's own maximum is checked by the caller. */
export const letterBody = z
  .string({ error: key("letters.error.bodyRequired") })
  .transform((v) => v.normalize("NFC").replace(/\r\n?/g, "\n").trim())
  .pipe(
    z
      .string()
      .min(1, { error: key("letters.error.bodyRequired") })
      .max(letterLimits.absoluteBodyMax, { error: key("letters.error.bodyTooLong") })
      .refine((v) => !forbiddenInText.test(v), { error: key("letters.error.bodyInvalid") }),
  );

export const letterSchema = z.object({
  name: line("sign.error.nameRequired", "sign.error.nameTooLong", signLimits.nameMax).refine((v) => /\p{L}/u.test(v) && v.length >= signLimits.nameMin, {
    error: key("sign.error.nameInvalid"),
  }),
  email: z
    .string({ error: key("sign.error.emailRequired") })
    .transform((v) => v.normalize("NFC").trim())
    .pipe(
      z
        .string()
        .min(1, { error: key("sign.error.emailRequired") })
        .max(signLimits.emailMax, { error: key("sign.error.emailInvalid") })
        .refine((v) => !forbiddenInLine.test(v) && emailPattern.test(v), { error: key("sign.error.emailInvalid") }),
    ),
  city: z
    .string({ error: key("sign.error.nameInvalid") })
    .optional()
    .transform((v) => (v ?? "").normalize("NFC").replace(/\s+/gu, " ").trim())
    .pipe(
      z
        .string()
        .max(letterLimits.cityMax, { error: key("letters.error.cityTooLong") })
        .refine((v) => !forbiddenInLine.test(v), { error: key("sign.error.nameInvalid") }),
    ),
  country: z.string({ error: key("sign.error.countryRequired") }).regex(/^[A-Z]{2}$/, { error: key("sign.error.countryRequired") }),
  appear: z.enum(["reachable", "withheld"], { error: key("letters.error.choice") }),
  delivery: z.enum(["platform", "self"], { error: key("letters.error.choice") }),
  body: letterBody.optional(),
});

export type LetterField = "name" | "email" | "city" | "country" | "appear" | "delivery" | "body" | "states";
export type LetterErrors = Partial<Record<LetterField, MessageKey>>;

export interface LetterFormValues {
  name: string;
  email: string;
  city: string;
  country: string;
  appear: "reachable" | "withheld";
  delivery: "platform" | "self";
  body: string;
}

export function letterFormValues(form: Record<string, unknown>, fallbackBody: string): LetterFormValues {
  const text = (v: unknown, max: number) => (typeof v === "string" ? v.slice(0, max) : "");
  return {
    name: text(form.name, 300),
    email: text(form.email, 600),
    city: text(form.city, 300),
    country: text(form.country, 2),
    appear: form.appear === "withheld" ? "withheld" : "reachable",
    delivery: form.delivery === "self" ? "self" : "platform",
    body: typeof form.body === "string" ? form.body.slice(0, letterLimits.absoluteBodyMax + 1000) : fallbackBody,
  };
}

/**
 * Parses the form. For a letter the supporter sends themselves nothing is stored and no email is needed;
 * a name is needed only when they sign with it.
 */
export function parseLetterForm(form: Record<string, unknown>, { editable, maxLength }: { editable: boolean; maxLength: number }) {
  const selfSend = form.delivery === "self";
  const withheld = form.appear === "withheld";
  const schema = letterSchema.extend({
    email: selfSend ? z.string({ error: key("sign.error.emailInvalid") }).optional() : letterSchema.shape.email,
    name: selfSend && withheld ? z.string({ error: key("sign.error.nameInvalid") }).optional() : letterSchema.shape.name,
  });
  const result = schema.safeParse({ ...form, body: editable ? form.body : undefined });
  const errors: LetterErrors = {};
  if (!result.success) {
    for (const issue of result.error.issues) {
      const field = issue.path[0] as LetterField | undefined;
      if (field && !errors[field]) errors[field] = issue.message as MessageKey;
    }
  }
  if (editable && typeof form.body === "string" && !errors.body) {
    // Measured as stored: NFC can lengthen a text (U+0958 becomes two code units).
    const body = form.body.normalize("NFC").replace(/\r\n?/g, "\n").trim();
    if (body.length > maxLength) errors.body = "letters.error.bodyTooLong";
  }
  return result.success && Object.keys(errors).length === 0
    ? ({ success: true, data: { ...result.data, name: result.data.name ?? "", email: result.data.email ?? "" } } as const)
    : ({ success: false, errors } as const);
}
