// Property tests of the server's body check: any bytes under any content type get a yes or a no (never a
// throw), and a yes means the route's request.formData() will read it.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formText } from "../../tests/setup/arbitraries";
import { isReadableForm } from "./app";

const contentType = fc.oneof(
  fc.constantFrom(
    undefined,
    "",
    "application/x-www-form-urlencoded",
    "APPLICATION/X-WWW-FORM-URLENCODED; charset=ISO-8859-1",
    "multipart/form-data",
    "multipart/form-data; boundary=",
    "multipart/form-data; boundary=zz",
    'multipart/form-data; boundary="a b"',
    "application/json",
    "text/plain",
    "text/html; charset=utf-8",
    "application/octet-stream",
    ";;;",
  ),
  formText(40),
);

async function readsAsForm(type: string | undefined, body: Buffer): Promise<boolean> {
  const headers: Record<string, string> = {};
  if (body.length === 0) headers["content-type"] = "application/x-www-form-urlencoded";
  else if (type !== undefined) headers["content-type"] = type;
  try {
    await new Request("http://localhost/", { method: "POST", headers, body: body.length ? new Uint8Array(body) : undefined }).formData();
    return true;
  } catch {
    return false;
  }
}

describe("the body check before Remix", () => {
  it("answers yes or no for any bytes under any content type, and yes only for what formData() reads", async () => {
    await fc.assert(
      fc.asyncProperty(
        contentType,
        fc.oneof(
          fc.uint8Array({ maxLength: 300 }),
          formText(100).map((s) => new TextEncoder().encode(s)),
        ),
        async (type, bytes) => {
          const body = Buffer.from(bytes);
          const readable = await isReadableForm(type, body);
          expect(typeof readable).toBe("boolean");
          if (readable) expect(await readsAsForm(type, body)).toBe(true);
        },
      ),
      { numRuns: 500 },
    );
  });

  it("accepts well-formed multipart forms with any field names and values", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(formText(20), formText(60)), { maxLength: 6 }), async (fields) => {
        const form = new FormData();
        for (const [name, value] of fields) form.append(name, value);
        const request = new Request("http://localhost/", { method: "POST", body: form });
        const body = Buffer.from(await request.arrayBuffer());
        expect(await isReadableForm(request.headers.get("content-type") ?? undefined, body)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});
