// The sign form's schema, shared by the browser (checks as the person types) and the server (the
// authority). Messages are catalogue keys, translated where they are shown.
import { z } from "zod";
import type { MessageKey } from "~/i18n";

export const limits = {
  nameMin: 2,
  nameMax: 100,
  emailMax: 254,
  commentMax: 500,
} as const;

// Control characters (names and emails are one line; comments may have line breaks), and bidi overrides that
// could disguise text. Zero-width non-joiner (U+200C) is allowed: Persian names need it.
/* eslint-disable no-control-regex -- matching control characters is the point */
const forbiddenInLine = /[\u0000-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069\uFEFF]/u;
const forbiddenInText = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069\uFEFF]/u;
/* eslint-enable no-control-regex */

// No code generation (new Function): the Content-Security-Policy forbids it, and zod would otherwise try.
z.config({ jitless: true });

const key = (k: MessageKey) => k;

/** A loose but real email syntax check (the server also checks the domain against disposable services). */
const emailPattern = /^[^\s@<>(),;:"[\]\\]+@[^\s@<>(),;:"[\]\\]+\.[^\s@<>(),;:"[\]\\.]{2,}$/u;

/** A checkbox: present ("on") when ticked, absent when not; anything else counts as not ticked. */
const checkbox = z
  .unknown()
  .optional()
  .transform((v) => v === "on" || v === "true" || v === "1" || v === true);

export const signatureSchema = z.object({
  fullName: z
    .string({ error: key("sign.error.nameRequired") })
    .transform((v) => v.normalize("NFC").replace(/\s+/gu, " ").trim())
    .pipe(
      z
        .string()
        .min(1, { error: key("sign.error.nameRequired") })
        .min(limits.nameMin, { error: key("sign.error.nameTooShort") })
        .max(limits.nameMax, { error: key("sign.error.nameTooLong") })
        .refine((v) => !forbiddenInLine.test(v), { error: key("sign.error.nameInvalid") })
        .refine((v) => /\p{L}/u.test(v), { error: key("sign.error.nameInvalid") }),
    ),
  email: z
    .string({ error: key("sign.error.emailRequired") })
    .transform((v) => v.normalize("NFC").trim())
    .pipe(
      z
        .string()
        .min(1, { error: key("sign.error.emailRequired") })
        .max(limits.emailMax, { error: key("sign.error.emailInvalid") })
        .refine((v) => !forbiddenInLine.test(v) && emailPattern.test(v), { error: key("sign.error.emailInvalid") }),
    ),
  country: z
    .string({ error: key("sign.error.countryRequired") })
    .regex(/^[A-Z]{2}$/, { error: key("sign.error.countryRequired") }),
  comment: z
    .string({ error: key("sign.error.commentInvalid") })
    .optional()
    .transform((v) => (v ?? "").normalize("NFC").replace(/\r\n?/g, "\n").trim())
    .pipe(
      z
        .string()
        .max(limits.commentMax, { error: key("sign.error.commentTooLong") })
        .refine((v) => !forbiddenInText.test(v), { error: key("sign.error.commentInvalid") }),
    ),
  showPublicly: checkbox,
  wantsUpdates: checkbox,
});

export type SignatureInput = z.output<typeof signatureSchema>;
export type SignatureField = keyof SignatureInput;
export type FieldErrors = Partial<Record<SignatureField, MessageKey>>;

/** The form's raw values as typed (to send back with errors, so nothing is lost). */
export interface SignatureFormValues {
  fullName: string;
  email: string;
  country: string;
  comment: string;
  showPublicly: boolean;
  wantsUpdates: boolean;
}

export function formValues(form: Record<string, unknown>): SignatureFormValues {
  const text = (v: unknown, max: number) => (typeof v === "string" ? v.slice(0, max) : "");
  return {
    fullName: text(form.fullName, limits.nameMax * 2),
    email: text(form.email, limits.emailMax * 2),
    country: text(form.country, 2),
    comment: text(form.comment, limits.commentMax * 2),
    showPublicly: form.showPublicly === "on",
    wantsUpdates: form.wantsUpdates === "on",
  };
}

export function parseSignature(form: Record<string, unknown>):
  | { success: true; data: SignatureInput }
  | { success: false; errors: FieldErrors } {
  const result = signatureSchema.safeParse(form);
  if (result.success) return { success: true, data: result.data };
  const errors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const field = issue.path[0] as SignatureField | undefined;
    if (field && !errors[field]) errors[field] = issue.message as MessageKey;
  }
  return { success: false, errors };
}
