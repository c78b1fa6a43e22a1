// The batch decryption must agree with node:crypto on every input, and refuse everything node:crypto refuses.
import crypto from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decryptField, decryptFields, encryptField, type Field } from "./crypto.server";
import { DecryptionError, decryptBatch } from "./gcm-batch.server";

const fields: Field[] = ["signatures.name", "signatures.email", "signatures.comment", "letters.body"];

describe("decryptFields", () => {
  it("gives what decryptField gives, for any text of any length", () => {
    fc.assert(
      fc.property(fc.constantFrom(...fields), fc.array(fc.option(fc.string({ unit: "grapheme", maxLength: 300 }), { nil: null }), { maxLength: 40 }), (field, texts) => {
        const blobs = texts.map((t) => (t === null ? null : encryptField(field, t)));
        const expected = blobs.map((b) => (b === null ? null : decryptField(field, b)));
        expect(decryptFields(field, blobs)).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });

  it("handles lengths around block boundaries and long texts", () => {
    const texts = Array.from({ length: 70 }, (_, n) => "ا".repeat(n)).concat(["x".repeat(5000), ""]);
    const blobs = texts.map((t) => encryptField("signatures.comment", t));
    expect(decryptFields("signatures.comment", blobs)).toEqual(texts);
  });

  it("treats empty blobs as removed data", () => {
    expect(decryptFields("signatures.name", [Buffer.alloc(0), null, undefined])).toEqual([null, null, null]);
  });

  it("refuses any changed byte, another field's ciphertext, and unknown formats or keys", () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 60 }), fc.nat(), fc.integer({ min: 1, max: 255 }), (text, where, flip) => {
        const blob = encryptField("signatures.email", text);
        const changed = Buffer.from(blob);
        const at = 2 + (where % (changed.length - 2)); // the IV, the tag or the ciphertext
        changed[at] = changed[at]! ^ flip;
        expect(() => decryptField("signatures.email", changed)).toThrow();
        expect(() => decryptFields("signatures.email", [encryptField("signatures.email", "fine"), changed])).toThrow(DecryptionError);
      }),
      { numRuns: 300 },
    );
    const blob = encryptField("signatures.name", "Name");
    expect(() => decryptFields("signatures.email", [blob])).toThrow(/authentication failed/);
    expect(() => decryptFields("signatures.name", [Buffer.from([2, 1, ...blob.subarray(2)])])).toThrow(/format/);
    expect(() => decryptFields("signatures.name", [Buffer.from([1, 99, ...blob.subarray(2)])])).toThrow(/unknown encryption key 99/);
    expect(() => decryptFields("signatures.name", [blob.subarray(0, 29)])).toThrow(/format/);
  });

  it("decrypts a batch mixing keys (during a rotation)", () => {
    const k1 = crypto.createSecretKey(crypto.randomBytes(32));
    const k2 = crypto.createSecretKey(crypto.randomBytes(32));
    const make = (key: crypto.KeyObject, id: number, text: string) => {
      const iv = crypto.randomBytes(12);
      const c = crypto.createCipheriv("aes-256-gcm", key, iv);
      c.setAAD(Buffer.from("signatures.name"));
      const body = Buffer.concat([c.update(text, "utf8"), c.final()]);
      return Buffer.concat([Buffer.from([1, id]), iv, c.getAuthTag(), body]);
    };
    const keys = new Map([
      [1, k1],
      [2, k2],
    ]);
    expect(decryptBatch("signatures.name", [make(k1, 1, "one"), make(k2, 2, "two"), make(k1, 1, "three")], keys)).toEqual(["one", "two", "three"]);
    expect(() => decryptBatch("signatures.name", [make(k1, 2, "wrong key id")], keys)).toThrow(DecryptionError);
  });
});
