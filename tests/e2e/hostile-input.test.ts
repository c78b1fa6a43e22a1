// Hostile input at every entry point, against the real production build: public forms, the links in emails,
// staff forms, the importer, query strings, paths and headers. Random values (fast-check, few runs: these go
// over HTTP) and the classic attacks. Nothing may crash (no 5xx), nothing may be stored half-way, every
// refusal is a clear page, no redirect leaves the site, and markup stays text in pages, emails and exports.
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { parse as parseCsv } from "csv-parse/sync";
import { count, eq } from "drizzle-orm";
import fc from "fast-check";
import type { APIRequestContext, APIResponse } from "@playwright/test";
import { en } from "../../app/i18n/messages/en";
import { fa } from "../../app/i18n/messages/fa";
import { decryptField } from "../../app/utils/crypto.server";
import { schema, type Db } from "../../app/utils/db.server";
import { AppServer } from "../setup/app-server";
import { attackStrings, forgedToken, formText, hostileForm, hugeString } from "../setup/arbitraries";
import { expect, test } from "../setup/fixtures";
import { contextDefaults } from "../setup/browser";
import { linkIn, pathOf, petitionPath, uniqueEmail } from "../setup/journeys";
import { openServerDatabase } from "../setup/server-db";
import type { SmtpCapture } from "../setup/smtp";
import { createStaff, nextCode, signIn, useServerKeys } from "../setup/staff";

const lettersPath = "/campaigns/1988-massacre/letters";
/** Few runs: every one is a real HTTP request to the production build. */
const runs = (n: number) => ({ numRuns: n, seed: Number(process.env.FC_SEED ?? Date.now() % 2 ** 31), endOnFailure: true });

// ---- helpers -----------------------------------------------------------------------------------------------

/** Tables whose row counts must not move when a request is refused. */
const countedTables = {
  signatures: schema.signatures,
  signatureTokens: schema.signatureTokens,
  outbox: schema.outbox,
  letters: schema.letters,
  letterBatches: schema.letterBatches,
  letterTokens: schema.letterTokens,
  dataRequests: schema.dataRequests,
  recipients: schema.recipients,
  staffUsers: schema.staffUsers,
  staffInvites: schema.staffInvites,
  verifiedBrowsers: schema.verifiedBrowsers,
};

function rowCounts(db: Db): Record<keyof typeof countedTables, number> {
  return Object.fromEntries(Object.entries(countedTables).map(([name, table]) => [name, db.select({ n: count() }).from(table).get()!.n])) as Record<
    keyof typeof countedTables,
    number
  >;
}

/** No server error, and any redirect stays on this site. */
function expectHandled(response: { status: number; location?: string | null }, base: string, what: string) {
  expect(response.status, what).toBeLessThan(500);
  expect(response.status, what).toBeGreaterThanOrEqual(200);
  if (response.location) expect(new URL(response.location, base).origin, `${what} redirects to ${response.location}`).toBe(new URL(base).origin);
}

function handled(response: APIResponse, base: string, what: string) {
  expectHandled({ status: response.status(), location: response.headers()["location"] }, base, what);
}

/** Errors with a stack trace that the server logged after `from` (a crash in a route or in the server). */
function crashesIn(log: string, from: number): string[] {
  return log
    .slice(from)
    .split("\n")
    .filter((line) => line.includes('"level":"error"') || line.includes('"level":50'))
    .filter((line) => line.includes('"stack"'));
}

interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Sends exact bytes (paths and headers a URL parser would clean up) and reads the answer. */
async function raw(server: AppServer, head: string | Buffer, body: Buffer = Buffer.alloc(0)): Promise<RawResponse> {
  const bytes = Buffer.concat([typeof head === "string" ? Buffer.from(head, "latin1") : head, body]);
  const data = await new Promise<Buffer>((resolve, reject) => {
    const socket = net.connect(server.port, "127.0.0.1");
    const chunks: Buffer[] = [];
    socket.setTimeout(15_000, () => socket.destroy(new Error("timeout")));
    socket.on("data", (c) => chunks.push(c));
    socket.on("end", () => resolve(Buffer.concat(chunks)));
    socket.on("close", () => resolve(Buffer.concat(chunks)));
    socket.on("error", (e) => (chunks.length ? resolve(Buffer.concat(chunks)) : reject(e)));
    // Not end(): a half-closed connection makes the server drop the answer it is still preparing.
    socket.write(bytes);
  });
  const text = data.toString("utf8");
  const split = text.indexOf("\r\n\r\n");
  const [statusLine, ...lines] = text.slice(0, split).split("\r\n");
  const headers = Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf(":")).toLowerCase(), l.slice(l.indexOf(":") + 1).trim()]));
  return { status: Number(statusLine?.split(" ")[1] ?? 0), headers, body: text.slice(split + 4) };
}

function get(server: AppServer, target: string, extra = ""): Promise<RawResponse> {
  return raw(server, `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nConnection: close\r\n${extra}\r\n`);
}

function post(server: AppServer, target: string, body: Buffer, contentType = "application/x-www-form-urlencoded", extra = ""): Promise<RawResponse> {
  return raw(
    server,
    `POST ${target} HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nConnection: close\r\nContent-Type: ${contentType}\r\nContent-Length: ${body.length}\r\n${extra}\r\n`,
    body,
  );
}

/** A URL-encoded body with each field as many times as given. */
function encode(fields: [string, string][]): string {
  return fields.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join("&");
}

async function sendForm(request: APIRequestContext, url: string, form: Record<string, string>, multipart: boolean) {
  return multipart ? request.post(url, { multipart: form, maxRedirects: 0 }) : request.post(url, { form, maxRedirects: 0 });
}

function tokenIn(link: string, prefix: string): string {
  return pathOf(link).split(prefix)[1]!.split(/[?#]/)[0]!;
}

/** The HTML of a page must show `text` as text: escaped, never as markup. */
function expectEscaped(html: string, text: string, where: string) {
  const escaped = text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  expect(html, `${where}: raw markup`).not.toContain(text);
  const variants = [
    escaped,
    escaped.replace(/"/g, "&quot;"),
    escaped.replace(/'/g, "&#x27;"),
    escaped.replace(/"/g, "&quot;").replace(/'/g, "&#x27;"),
    escaped.replace(/"/g, "&#34;").replace(/'/g, "&#39;"),
  ];
  expect(
    variants.some((v) => html.includes(v)),
    `${where}: the escaped text is shown`,
  ).toBe(true);
}

async function signAndConfirm(request: APIRequestContext, smtp: SmtpCapture, form: Record<string, string>): Promise<{ withdraw: string }> {
  const response = await request.post(`${petitionPath}?index`, { form, maxRedirects: 0 });
  expect(response.status(), await response.text()).toBe(303);
  const [mail] = await smtp.waitFor(form.email!);
  const confirmed = await request.post(pathOf(linkIn(mail!, "/signatures/confirm/")), { maxRedirects: 0 });
  expect(confirmed.status()).toBe(303);
  return { withdraw: linkIn(mail!, "/signatures/withdraw/") };
}

// ---- public forms ------------------------------------------------------------------------------------------

const publicForms = [
  { path: `${petitionPath}?index`, fields: ["fullName", "email", "country", "comment", "showPublicly", "wantsUpdates", "website", "altcha", "keepEmail", "useEmail"] },
  { path: `/fa${petitionPath}?index`, fields: ["fullName", "email", "country", "comment", "showPublicly", "wantsUpdates"] },
  { path: `${lettersPath}?index`, fields: ["residence", "state", "lang", "extra", "name", "email", "city", "country", "appear", "delivery", "body", "website", "altcha"] },
  { path: "/my-data?index", fields: ["email", "kind", "website"] },
  { path: "/fa/my-data?index", fields: ["email", "kind"] },
  // The sign-in form (each attempt counts against the address's sign-in limit) is tested on a server of its own.
  { path: "/staff/login/two-factor", fields: ["code", "next"] },
] as const;

const hostileTargets = [
  "//evil.example",
  "///evil.example",
  "/\\evil.example",
  "\\\\evil.example",
  "/%2F%2Fevil.example",
  "%2F%2Fevil.example",
  "https://evil.example",
  "https:evil.example",
  "//evil.example/staff",
  "/staff/..//evil.example",
  "/staff/%2e%2e/%2f%2fevil.example",
  "/\t/evil.example",
  "javascript:alert(1)",
  "/%09/evil.example",
  "/%5Cevil.example",
  "/staff@evil.example",
  "/fa//evil.example",
];

const tokenLinks = [
  "/signatures/confirm/",
  "/signatures/withdraw/",
  "/letters/confirm/",
  "/letters/status/",
  "/unsubscribe/",
  "/my-data/erase/",
  "/recipients/opt-out/",
  "/staff/setup/",
];

/** Values that look right to each field, so that random runs also get past the first checks. */
const plausible = fc.constantFrom("on", "UY", "BO", "en", "fa", "copy", "erase", "reachable", "withheld", "platform", "self", "Sara Rahimi", "x@example.org", "000000");
const fieldValue = fc.oneof({ weight: 6, arbitrary: formText(120) }, { weight: 2, arbitrary: plausible }, { weight: 1, arbitrary: fc.constantFrom(...attackStrings) });

test.describe("public forms under hostile input", () => {
  test("random values in every field of every public form: never a 5xx, and a refused request stores nothing", async ({ request, platform }) => {
    test.setTimeout(90_000);
    const db = openServerDatabase(platform.server);
    const logFrom = platform.server.log.length;
    const endpoint = fc.constantFrom(
      ...publicForms.map((f) => ({ path: f.path as string, fields: [...f.fields] as string[] })),
      ...tokenLinks.map((t) => ({ path: `${t}${"A".repeat(43)}`, fields: ["List-Unsubscribe", "name", "email", "password"] })),
    );
    try {
      await fc.assert(
        fc.asyncProperty(
          endpoint.chain((e) => fc.tuple(fc.constant(e.path), hostileForm(e.fields, fieldValue), fc.boolean())),
          async ([path, form, multipart]) => {
            const before = rowCounts(db);
            const response = await sendForm(request, path, form, multipart);
            handled(response, platform.url, `${path} ${JSON.stringify(form).slice(0, 200)}`);
            if (response.status() >= 400) expect(rowCounts(db), `${path}: nothing stored by a refused request`).toEqual(before);
          },
        ),
        runs(120),
      );
    } finally {
      db.$client.close();
    }
    expect((await request.get(petitionPath)).status()).toBe(200);
    expect(crashesIn(platform.server.log, logFrom)).toEqual([]);
  });

  test("a refused signature stores nothing; SQL in a valid one is stored as the text it is", async ({ request, platform }) => {
    useServerKeys(platform.server);
    const db = openServerDatabase(platform.server);
    try {
      const before = rowCounts(db);
      for (const [field, value] of [
        ["fullName", "' 1=1; --"],
        ["fullName", "x".repeat(101)],
        ["email", "a@b'; DROP TABLE signatures; --"],
        ["country", "U' OR '1'='1"],
        ["comment", "\u0000'); DELETE FROM signatures; --"],
      ] as const) {
        const response = await request.post(`${petitionPath}?index`, {
          form: { fullName: "Sara Rahimi", email: uniqueEmail("sql"), country: "UY", [field]: value },
          maxRedirects: 0,
        });
        expect(response.status(), `${field}: ${value}`).toBe(400);
        expect(rowCounts(db)).toEqual(before);
      }
      const email = uniqueEmail("sql");
      const name = "Robert'); DROP TABLE signatures; --";
      const comment = "1' UNION SELECT email_enc FROM signatures --";
      const response = await request.post(`${petitionPath}?index`, { form: { fullName: name, email, country: "UY", comment }, maxRedirects: 0 });
      expect(response.status()).toBe(303);
      const stored = db.select().from(schema.signatures).where(eq(schema.signatures.country, "UY")).all();
      const mine = stored.find((s) => decryptField("signatures.email", s.emailEnc) === email)!;
      expect(decryptField("signatures.name", mine.nameEnc)).toBe(name);
      expect(decryptField("signatures.comment", mine.commentEnc!)).toBe(comment);
      expect(rowCounts(db).signatures).toBe(before.signatures + 1);
    } finally {
      db.$client.close();
    }
  });

  test("bodies that are not forms, invalid UTF-8, and odd methods: a clear 4xx, never a 5xx", async ({ request, platform }) => {
    const { server } = platform;
    const logFrom = server.log.length;
    const targets = [`${petitionPath}?index`, `${lettersPath}?index`, "/my-data?index", "/staff/login?index", "/unsubscribe/AAAA", "/signatures/confirm/AAAA"];
    const badBodies: [string, Buffer][] = [
      ["application/json", Buffer.from('{"fullName":"x"}')],
      ["text/plain", Buffer.from("fullName=Sara")],
      ["multipart/form-data", Buffer.from("fullName=Sara")],
      ["multipart/form-data; boundary=zz", Buffer.from("--zz\r\nContent-Disposition: form-data\r\n\r\nx")],
      ["application/xml", Buffer.from("<?xml version='1.0'?><!DOCTYPE x [<!ENTITY e SYSTEM 'file:///etc/passwd'>]><x>&e;</x>")],
    ];
    for (const target of targets) {
      for (const [type, body] of badBodies) {
        const response = await post(server, target, body, type);
        expect(response.status, `${target} ${type}`).toBe(400);
        expect(response.body).toContain(en["error.badRequest.title"]);
      }
      // No content type at all, with and without a body.
      const bare = await raw(server, `POST ${target} HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nConnection: close\r\nContent-Length: 6\r\n\r\n`, Buffer.from("a=b&c="));
      expect(bare.status, `${target} without a content type`).toBe(400);
      if (!target.startsWith("/staff/login")) {
        const empty = await raw(server, `POST ${target} HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
        expectHandled(empty, platform.url, `${target} empty`);
      }
    }
    const persian = await post(server, "/fa/my-data?index", Buffer.from("{}"), "application/json");
    expect(persian.status).toBe(400);
    expect(persian.body).toContain(fa["error.badRequest.title"]);

    // Bytes that are not UTF-8, raw and percent-encoded, in bodies, paths and query strings.
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 1, maxLength: 60 }), fc.constantFrom(...targets), async (bytes, target) => {
        const asValue = Buffer.concat([
          Buffer.from("fullName="),
          Buffer.from(bytes),
          Buffer.from("&email="),
          Buffer.from(bytes),
          Buffer.from("&name=%FF%FE%C0%AF&country=%ED%A0%80"),
        ]);
        expectHandled(await post(server, target, asValue), platform.url, `${target} bytes in the body`);
        const encoded = [...bytes].map((b) => `%${b.toString(16).padStart(2, "0").toUpperCase()}`).join("");
        expectHandled(await get(server, `${target.split("?")[0]}?q=${encoded}&state=${encoded}`), platform.url, "bytes in the query");
        expectHandled(await get(server, `/petitions/${encoded}`), platform.url, "bytes in the path");
      }),
      runs(25),
    );
    for (const target of [
      "/petitions/%FF",
      "/signatures/confirm/%E0%A4%A",
      "/unsubscribe/%",
      "/%C0%AE%C0%AE/package.json",
      "/fa/%FF",
      `${lettersPath}?state=%FF&residence=%00&lang=%ED%A0%80`,
      "/staff/login?next=%FF",
    ]) {
      const response = await get(server, target);
      expectHandled(response, platform.url, target);
    }
    // Raw bytes in the request line, as a broken client might send them.
    const rawPath = await raw(
      server,
      Buffer.concat([Buffer.from("GET /petitions/"), Buffer.from([0xff, 0xfe, 0xc0]), Buffer.from(` HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nConnection: close\r\n\r\n`)]),
    );
    expect(rawPath.status).toBeGreaterThanOrEqual(400);
    expect(rawPath.status).toBeLessThan(500);

    for (const method of ["TRACE", "PROPFIND", "DELETE", "PUT", "PATCH", "OPTIONS"]) {
      const response = await raw(server, `${method} ${petitionPath} HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      expect(response.status, method).toBeGreaterThanOrEqual(400);
      expect(response.status, method).toBeLessThan(500);
    }
    for (const host of ["a b", "[::1", "evil.example/x?", "%", "x:y:z"]) {
      const response = await raw(server, `GET / HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`);
      expect(response.status, `Host: ${host}`).toBeLessThan(500);
    }
    expect((await request.get("/")).status()).toBe(200);
    expect(crashesIn(server.log, logFrom)).toEqual([]);
  });

  test("a body over the limit is a readable 413 in the reader's language, and the server is unharmed", async ({ request, platform }) => {
    const { server } = platform;
    const db = openServerDatabase(platform.server);
    try {
      const before = rowCounts(db);
      const big = Buffer.from(`fullName=Sara+Rahimi&email=${encodeURIComponent(uniqueEmail("huge"))}&country=UY&comment=${"x".repeat(70_000)}`);
      for (const target of [`${petitionPath}?index`, `${lettersPath}?index`, "/my-data?index", "/staff/login?index", "/unsubscribe/AAAA", "/signatures/withdraw/AAAA"]) {
        const response = await request.post(target, { data: big, headers: { "content-type": "application/x-www-form-urlencoded" }, maxRedirects: 0 });
        expect(response.status(), target).toBe(413);
        expect(response.headers()["content-type"]).toContain("text/html");
        const page = await response.text();
        expect(page).toContain(en["error.tooLarge.title"]);
        expect(page).toContain(en["error.tooLarge.body"]);
      }
      const persian = await request.post(`/fa${petitionPath}?index`, { data: big, headers: { "content-type": "application/x-www-form-urlencoded" } });
      expect(persian.status()).toBe(413);
      expect(await persian.text()).toContain(fa["error.tooLarge.title"]);
      // Chunked, so that the size is only known while reading; and a length that lies.
      const chunked = await raw(
        server,
        `POST /my-data?index HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nConnection: close\r\nContent-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n\r\n`,
        Buffer.from(Array.from({ length: 20 }, () => `1000\r\n${"y".repeat(0x1000)}\r\n`).join("") + "0\r\n\r\n"),
      );
      expect(chunked.status).toBe(413);
      const lying = await raw(
        server,
        `POST /my-data?index HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nConnection: close\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 999999999\r\n\r\n`,
        Buffer.from("email=a"),
      );
      expect(lying.status).toBe(413);
      expect(rowCounts(db)).toEqual(before);
      // Still working: a real signature goes through.
      const ok = await request.post(`${petitionPath}?index`, { form: { fullName: "Sara Rahimi", email: uniqueEmail("after-huge"), country: "UY" }, maxRedirects: 0 });
      expect(ok.status()).toBe(303);
    } finally {
      db.$client.close();
    }
  });

  test("a thousand repeated fields, or a thousand different ones: answered, never a 5xx", async ({ request, platform }) => {
    const logFrom = platform.server.log.length;
    const db = openServerDatabase(platform.server);
    try {
      const before = rowCounts(db);
      for (const { path: target, fields } of publicForms) {
        const repeated = encode(Array.from({ length: 1000 }, (_, i) => [fields[i % fields.length]!, i % 2 ? "x" : "<b>y</b>"] as [string, string]));
        const distinct = encode(Array.from({ length: 1000 }, (_, i) => [`${fields[i % fields.length]}[${i}]`, "z"] as [string, string]));
        const nested = encode(Array.from({ length: 1000 }, (_, i) => [`a${"[b]".repeat(i % 10)}`, "1"] as [string, string]));
        for (const body of [repeated, distinct, nested]) {
          const started = Date.now();
          const response = await request.post(target, { data: body, headers: { "content-type": "application/x-www-form-urlencoded" }, maxRedirects: 0 });
          handled(response, platform.url, `${target} with many fields`);
          expect(Date.now() - started, `${target} answers quickly`).toBeLessThan(5_000);
        }
      }
      // Repeated state choices on the letters page are bounded by the campaign's rules.
      const states = encode([["residence", "UY"], ...Array.from({ length: 1000 }, () => ["state", "UY"] as [string, string])]);
      handled(await request.get(`${lettersPath}?${states}`), platform.url, "1000 states");
      expect(rowCounts(db)).toEqual(before);
    } finally {
      db.$client.close();
    }
    expect(crashesIn(platform.server.log, logFrom)).toEqual([]);
  });

  test("random query strings on every public page: never a 5xx, never a redirect elsewhere", async ({ request, platform }) => {
    const logFrom = platform.server.log.length;
    const pages = [
      "/",
      "/fa",
      petitionPath,
      `${petitionPath}/check-email`,
      `${petitionPath}/thanks`,
      `${petitionPath}/map.svg`,
      lettersPath,
      `${lettersPath}/map.svg`,
      `${lettersPath}/sent`,
      "/api/petitions/1988-massacre-justice",
      "/privacy",
      "/my-data",
      "/staff/login",
      "/staff",
      "/staff/exports",
      "/unsubscribe/AAAA",
      "/my-data/erase/AAAA",
      "/en",
      "/en/privacy",
    ];
    const key = fc.oneof(
      fc.constantFrom("residence", "state", "lang", "extra", "next", "done", "index", "_data", "q", "page", "petition", "kind", "content", "saved"),
      formText(10),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...pages), fc.array(fc.tuple(key, fieldValue), { maxLength: 6 }), async (page, params) => {
        const query = new URLSearchParams(params).toString();
        const response = await request.get(`${page}?${query}`, { maxRedirects: 0 });
        handled(response, platform.url, `${page}?${query.slice(0, 200)}`);
      }),
      runs(100),
    );
    expect(crashesIn(platform.server.log, logFrom)).toEqual([]);
  });
});

// ---- links in emails ---------------------------------------------------------------------------------------

test.describe("links with tokens", () => {
  test("forged, truncated and lengthened tokens: a 'not valid' page, GET and POST, and nothing changes", async ({ request, platform }) => {
    test.setTimeout(90_000);
    const email = uniqueEmail("tokens");
    await request.post(`${petitionPath}?index`, { form: { fullName: "Token Tester", email, country: "PY" }, maxRedirects: 0 });
    const [mail] = await platform.smtp.waitFor(email);
    const confirm = tokenIn(linkIn(mail!, "/signatures/confirm/"), "/signatures/confirm/");
    const withdraw = tokenIn(linkIn(mail!, "/signatures/withdraw/"), "/signatures/withdraw/");
    const invalidText: Record<string, string> = {
      "/signatures/confirm/": en["confirm.invalid.title"],
      "/signatures/withdraw/": en["withdraw.invalid.title"],
      "/letters/confirm/": en["letters.confirm.invalid.title"],
      "/letters/status/": en["letters.status.invalid"],
      "/unsubscribe/": "This link is not valid.",
      "/my-data/erase/": "has already been used, or is incomplete",
      "/recipients/opt-out/": en["optOut.invalid"],
      "/staff/setup/": "This link has expired or has already been used",
    };
    const mutated = fc.oneof(
      // Dot segments are path traversal (tested below), not tokens.
      forgedToken().filter((t) => !/^\.+$/.test(t)),
      fc.constantFrom(confirm, withdraw).chain((t) =>
        fc.oneof(
          fc.integer({ min: 1, max: t.length - 1 }).map((n) => t.slice(0, n)),
          fc.string({ minLength: 1, maxLength: 300 }).map((s) => t + s),
          fc.integer({ min: 0, max: t.length - 1 }).map((i) => t.slice(0, i) + (t[i] === "A" ? "B" : "A") + t.slice(i + 1)),
          fc.constant(t.toUpperCase() === t ? t.toLowerCase() : t.toUpperCase()),
          fc.constant(`${t}%00`),
          fc.constant(`${t}/..`),
        ),
      ),
    );
    const db = openServerDatabase(platform.server);
    try {
      const before = rowCounts(db);
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...tokenLinks), mutated, fc.boolean(), async (link, token, isPost) => {
          const target = `${link}${encodeURIComponent(token)}`;
          const response = isPost ? await request.post(target, { form: { "List-Unsubscribe": "One-Click" }, maxRedirects: 0 }) : await request.get(target, { maxRedirects: 0 });
          handled(response, platform.url, `${isPost ? "POST" : "GET"} ${target}`);
          // 405: a POST to a link that only shows a page (the letters' status).
          expect([400, 404, 405], `${isPost ? "POST" : "GET"} ${target}`).toContain(response.status());
          const body = await response.text();
          // A path that is a route's page says the link is not valid (other shapes are the site's 404 page).
          if (
            response.status() === 404 &&
            !token.includes("/") &&
            !token.includes("%") &&
            response.headers()["content-type"]?.includes("text/html") &&
            !body.includes("Page not found")
          ) {
            expect(body, target).toContain(invalidText[link]!);
          }
        }),
        runs(80),
      );
      expect(rowCounts(db)).toEqual(before);
      const signature = db.select().from(schema.signatures).where(eq(schema.signatures.country, "PY")).all().at(-1)!;
      expect(signature.status).toBe("pending");
    } finally {
      db.$client.close();
    }
    // The real links still work: nothing was used up.
    expect((await request.post(`/signatures/confirm/${confirm}`, { maxRedirects: 0 })).status()).toBe(303);
    expect((await request.post(`/signatures/withdraw/${withdraw}`, { maxRedirects: 0 })).status()).toBe(303);
    // And once used, they are not valid any more.
    const again = await request.post(`/signatures/confirm/${confirm}`, { maxRedirects: 0 });
    expect(again.status()).toBe(404);
    expect(await again.text()).toContain(en["confirm.invalid.title"]);
  });
});

// ---- static files and redirects ----------------------------------------------------------------------------

test.describe("paths and redirects", () => {
  test("asset URLs cannot reach any file outside the public folders", async ({ platform }) => {
    const { server } = platform;
    const keys = fs.readFileSync(path.join(server.dataDir, "keys.json"), "utf8");
    const secrets = (keys.match(/"[A-Za-z0-9+/_=-]{24,}"/g) ?? []).map((s) => s.slice(1, -1));
    expect(secrets.length).toBeGreaterThan(0);
    const targets = [
      "/build/../../package.json",
      "/build/../package.json",
      "/build/%2e%2e/%2e%2e/package.json",
      "/build/..%2f..%2fpackage.json",
      "/build/..%2F..%2Fpackage.json",
      "/build/%2e%2e%2f%2e%2e%2fpackage.json",
      "/build/..%5c..%5cpackage.json",
      "/build/..\\..\\package.json",
      "/build/%252e%252e/%252e%252e/package.json",
      "/build/%c0%ae%c0%ae/%c0%ae%c0%ae/package.json",
      "/build/....//....//package.json",
      "/build/%00../../package.json",
      "/build/manifest.js%00.json",
      "/fonts/..%2f..%2fpackage.json",
      "/fonts/../../package.json",
      "/fonts/%2e%2e/%2e%2e/package.json",
      "/%2e%2e/package.json",
      "/%2e%2e/%2e%2e/package.json",
      "/../package.json",
      "/..%2fpackage.json",
      "//package.json",
      "/.%2e/package.json",
      "/images/../../package.json",
      "/images/..%2f..%2fpackage.json",
      "/package.json",
      "/.env",
      "/.git/config",
      "/build/../../tmp",
      `/build/../../${path.relative(process.cwd(), server.dataDir)}/keys.json`,
      `/fonts/..%2f..%2f${encodeURIComponent(path.relative(process.cwd(), server.dataDir))}%2fkeys.json`,
      `/${encodeURIComponent(path.relative(process.cwd(), server.dataDir))}/keys.json`,
      "/build/../../app/server/app.ts",
      "/build/../../build/index.js",
      "/build/%2e%2e/%2e%2e/build/index.js",
      "/fonts/..%2f..%2fscripts%2fkeys.ts",
    ];
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.constantFrom(...targets),
          fc
            .tuple(
              fc.constantFrom("/build/", "/fonts/", "/images/", "/"),
              fc.array(fc.constantFrom("..", "%2e%2e", ".%2e", "%2e.", "..%2f", "..%5c", "%252e%252e", "%c0%ae%c0%ae", "."), { minLength: 1, maxLength: 6 }),
              fc.constantFrom("package.json", "build/index.js", "app/server/app.ts", ".env"),
            )
            .map(([start, ups, file]) => `${start}${ups.join("/")}/${file}`),
        ),
        async (target) => {
          const response = await get(server, target);
          expect([301, 302, 400, 403, 404], target).toContain(response.status);
          if (response.headers["location"]) expect(new URL(response.headers["location"], platform.url).origin).toBe(platform.url);
          expect(response.body, target).not.toContain('"dependencies"');
          expect(response.body, target).not.toContain("createRequestHandler");
          expect(response.body, target).not.toContain('"encryption"');
          for (const secret of secrets) expect(response.body, target).not.toContain(secret);
        },
      ),
      runs(80),
    );
    // Real assets are still served.
    const page = await (await get(server, petitionPath)).body;
    const asset = page.match(/\/build\/[^"]+\.js/)?.[0];
    expect(asset).toBeTruthy();
    expect((await get(server, asset!)).status).toBe(200);
  });

  test("no redirect leaves the site: locale prefixes, staff pages, the sign-in page's address", async ({ platform }) => {
    const { server } = platform;

    // The canonical English address (/en/... → /...) and other paths a redirect is built from.
    for (const suffix of hostileTargets) {
      for (const target of [`/en/${suffix}`, `/en${suffix}`, `/staff/${suffix}`, `/fa/staff/${suffix}`, `/staff/login?next=${encodeURIComponent(suffix)}`]) {
        const response = await get(server, target.replace(/\t/g, "%09").replace(/\\/g, "%5C"));
        expectHandled({ status: response.status, location: response.headers["location"] }, platform.url, target);
        if (response.headers["location"]) expect(response.headers["location"]).not.toMatch(/^(?:\/\/|\/\\|\\)/);
      }
    }
  });
});

// ---- markup and formulas -----------------------------------------------------------------------------------

test.describe("markup is text everywhere", () => {
  test("in a supporter's name and comment: the petition page, the emails, the staff pages and the exports", async ({ page, request, platform, browser }) => {
    test.setTimeout(120_000);
    useServerKeys(platform.server);
    const publicName = "<img/src=x/onerror=alert(1)>";
    const comment = `<script>alert(1)</script> "><img src=x onerror=alert(2)> javascript:alert(3) {{7*7}}`;
    const email = uniqueEmail("markup");
    // Formula-like names too, to be exported. Signed and confirmed all at once.
    const formulas = ['=HYPERLINK("http://evil.example","Click")', "+cmd|' /C calc'!A0", "@SUM(1+1)*cmd|' /C calc'!A0", "-2+3+cmd|' /C calc'!A0", "＝Full width", "=1+1 Test"];
    const formulaEmails = formulas.map(() => uniqueEmail("formula"));
    await Promise.all([
      signAndConfirm(request, platform.smtp, { fullName: publicName, email, country: "BO", comment, showPublicly: "on" }),
      ...formulas.map((name, i) => signAndConfirm(request, platform.smtp, { fullName: name, email: formulaEmails[i]!, country: "BO", comment: name })),
    ]);
    const [confirmation] = platform.smtp.to(email);
    expect(confirmation!.text).toContain(publicName);
    expectEscaped(confirmation!.html, publicName, "confirmation email");
    expect(confirmation!.subject).not.toContain("<");
    for (const mail of platform.smtp.to(email)) {
      expect(mail.html).not.toMatch(/<img\/src=x|<script>alert/);
      expect(mail.envelopeTo).toEqual([email]);
    }

    // A moderator sees the comment as text, and approves it.
    const moderator = await browser.newContext({ ...contextDefaults, baseURL: platform.url });
    const staffPage = await moderator.newPage();
    const admin = await createStaff(platform.server, ["admin"]);
    await signIn(staffPage, admin);
    const comments = await staffPage.request.get("/staff/comments");
    expect(comments.status()).toBe(200);
    const commentsHtml = await comments.text();
    expectEscaped(commentsHtml, "<script>alert(1)</script>", "staff comments page");
    const db = openServerDatabase(platform.server);
    let signatureId: number;
    try {
      signatureId = db
        .select()
        .from(schema.signatures)
        .where(eq(schema.signatures.country, "BO"))
        .all()
        .find((s) => decryptField("signatures.email", s.emailEnc) === email)!.id;
    } finally {
      db.$client.close();
    }
    expect((await staffPage.request.post("/staff/comments", { form: { id: String(signatureId), decision: "approved" } })).status()).toBe(200);

    // The signatures search shows the name as text.
    const search = await staffPage.request.get(`/staff/signatures?search=1&email=${encodeURIComponent(email)}`);
    expectEscaped(await search.text(), publicName, "staff signatures page");

    // The public page: the name in the list of signers and the approved comment, as text.
    let dialogs = 0;
    page.on("dialog", async (d) => {
      dialogs += 1;
      await d.dismiss();
    });
    await expect(async () => {
      const html = await (await request.get(petitionPath)).text();
      expectEscaped(html, publicName, "petition page");
      expectEscaped(html, "<script>alert(1)</script>", "petition page comment");
    }).toPass({ timeout: 15_000 });
    await page.goto(petitionPath);
    await expect(page.getByText(publicName).first()).toBeVisible();
    await expect(page.locator("img[src=x], main script")).toHaveCount(0);
    await page.goto(`/fa${petitionPath}`);
    await expect(page.locator("img[src=x], main script")).toHaveCount(0);
    expect(dialogs).toBe(0);

    // Exports: CSV with formulas neutralised and markup kept as written (a CSV is not a page), never served as a page.
    const form = new URLSearchParams([
      ["intent", "signatures"],
      ["statuses", "confirmed"],
      ["countries", "BO"],
      ["columns", "name"],
      ["columns", "email"],
      ["columns", "comment"],
      ["columns", "public_name"],
      ["format", "csv"],
    ]);
    const download = await staffPage.request.post("/staff/exports/download", { data: form.toString(), headers: { "content-type": "application/x-www-form-urlencoded" } });
    expect(download.status()).toBe(200);
    expect(download.headers()["content-type"]).toBe("text/csv; charset=utf-8");
    expect(download.headers()["content-disposition"]).toMatch(/^attachment; filename="signatures-1988-massacre-justice-\d{12}\.csv"$/);
    expect(download.headers()["x-content-type-options"]).toBe("nosniff");
    const rows = parseCsv(await download.text(), { columns: true, bom: true }) as Record<string, string>[];
    const byEmail = new Map(rows.map((r) => [r.email!, r]));
    expect(byEmail.get(email)).toMatchObject({ name: publicName, comment, public_name: publicName });
    formulas.forEach((name, i) => {
      const row = byEmail.get(formulaEmails[i]!)!;
      expect(row.name, name).toBe(`'${name}`);
      expect(row.comment, name).toBe(`'${name}`);
      expect(row.name![0]).toBe("'");
    });
    const jsonl = await staffPage.request.post("/staff/exports/download", {
      data: `${form.toString().replace("format=csv", "format=jsonl")}`,
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect(jsonl.headers()["content-type"]).toBe("application/x-ndjson; charset=utf-8");
    const lines = (await jsonl.text())
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as Record<string, string>);
    expect(lines.find((l) => l.email === email)).toMatchObject({ name: publicName, comment });
    // The delivery list for the UN neutralises formulas too.
    const delivery = await staffPage.request.post("/staff/exports/download", { form: { intent: "delivery-list" } });
    const names = (parseCsv(await delivery.text(), { columns: true, bom: true }) as Record<string, string>[]).map((r) => r.name!);
    for (const name of formulas) expect(names).toContain(`'${name}`);
    expect(names).toContain(publicName);
    await moderator.close();
  });

  test("in a letter's name, city and text: the letter page, the preview, the emails to writer and mission", async ({ page, request, platform }) => {
    test.setTimeout(90_000);
    const name = "Eve <script>alert(1)</script>";
    const city = '"><img src=x onerror=alert(1)>';
    const body = '{{salutation}},\n\n<script>alert(2)</script>\n[click](javascript:alert(3))\n<a href="javascript:alert(4)">x</a>\n\n{{supporter.name}}\n{{supporter.city}}';
    // Writing it oneself: the letters come back in the page, as text.
    const self = await request.post(`${lettersPath}?index`, {
      form: { residence: "CY", state: "CY", lang: "en", name, city, email: "", country: "CY", appear: "reachable", delivery: "self", body },
    });
    expect(self.status()).toBe(200);
    const selfHtml = await self.text();
    expectEscaped(selfHtml, "<script>alert(2)</script>", "self-sent letter");
    expectEscaped(selfHtml, city, "self-sent letter city");
    expect(selfHtml).not.toMatch(/href="javascript:/i);

    // In the browser, with the live preview.
    let dialogs = 0;
    page.on("dialog", async (d) => {
      dialogs += 1;
      await d.dismiss();
    });
    await page.goto(`${lettersPath}?residence=CY`);
    await page.getByLabel("Your name").fill(name);
    await page.getByLabel("Your city (optional)").fill(city);
    await page.getByLabel("Text of the letter").fill(body);
    await expect(page.locator(".letter-preview__text")).toContainText("<script>alert(2)</script>");
    await expect(page.locator("main img[src=x], main script, main a[href^='javascript']")).toHaveCount(0);
    expect(dialogs).toBe(0);

    // Sent by the platform: the writer's confirmation and the missions' letters.
    const email = uniqueEmail("letter-markup");
    const sent = await request.post(`${lettersPath}?index`, {
      form: { residence: "CY", state: "CY", lang: "en", name, city, email, country: "CY", appear: "reachable", delivery: "platform", body },
      maxRedirects: 0,
    });
    expect(sent.status()).toBe(303);
    const [confirmation] = await platform.smtp.waitFor(email);
    expect(confirmation!.html).not.toMatch(/<script>alert|<img src=x/);
    const confirmed = await request.post(pathOf(linkIn(confirmation!, "/letters/confirm/")), { maxRedirects: 0 });
    expect(confirmed.status()).toBe(303);
    for (const address of ["demo-ny-cy@example.org", "demo-geneva-cy@example.org"]) {
      const [letter] = await platform.smtp.waitFor(address);
      expect(letter!.envelopeTo).toEqual([address]);
      expect(letter!.envelopeFrom).toBe("campaign@platform.test");
      expect(letter!.parsed.from?.value.map((a) => a.address)).toEqual(["campaign@platform.test"]);
      expect(letter!.replyTo).toBe(email);
      expect(letter!.text).toContain("<script>alert(2)</script>");
      expect(letter!.text).toContain(city);
      expectEscaped(letter!.html, "<script>alert(2)</script>", "letter email");
      expectEscaped(letter!.html, city, "letter email city");
      expect(letter!.html).not.toMatch(/href="javascript:/i);
    }
    const status = await request.get(confirmed.headers()["location"]!);
    expect(status.status()).toBe(200);
  });

  test("a writer's name cannot add recipients or forge the sender", async ({ request, platform }) => {
    const names = { KE: "Eve <attacker@evil.example>, Bob <bob@evil.example>", GH: 'Eve" <attacker@evil.example>; x', TZ: "Eve =?utf-8?q?=0D=0ABcc:_attacker@evil.example?=" };
    for (const [state, name] of Object.entries(names)) {
      const email = uniqueEmail("header");
      const response = await request.post(`${lettersPath}?index`, {
        form: { residence: state, state, lang: "en", name, email, country: state, appear: "reachable", delivery: "platform" },
        maxRedirects: 0,
      });
      expect(response.status(), name).toBe(303);
      const [mail] = await platform.smtp.waitFor(email);
      expect(mail!.envelopeTo).toEqual([email]);
      const confirmed = await request.post(pathOf(linkIn(mail!, "/letters/confirm/")), { maxRedirects: 0 });
      expect(confirmed.status()).toBe(303);
      const mission = `demo-ny-${state.toLowerCase()}@example.org`;
      const [letter] = await platform.smtp.waitFor(mission);
      expect(letter!.envelopeTo).toEqual([mission]);
      expect(letter!.parsed.from?.value.map((a) => a.address)).toEqual(["campaign@platform.test"]);
      expect(letter!.parsed.from?.value[0]?.name).toContain(name);
      expect(letter!.parsed.to).toBeDefined();
      expect(letter!.to).toBe(mission);
      expect(letter!.parsed.bcc).toBeUndefined();
      expect(letter!.parsed.cc).toBeUndefined();
      expect(letter!.replyTo).toBe(email);
    }
    expect(platform.smtp.messages.filter((m) => m.envelopeTo.some((a) => a.endsWith("@evil.example")))).toEqual([]);
  });
});

// ---- sign-in, staff forms and the importer, on a server of their own: random saves change its content, and
// every sign-in attempt counts against the address's limit (30 in 15 minutes in local mode; 27 here).

test.describe("sign-in and staff forms under hostile input", () => {
  test.describe.configure({ timeout: 150_000 });
  let server: AppServer;
  test.beforeAll(async () => {
    server = await new AppServer().start();
  });
  test.afterAll(async ({ platform }) => {
    await server.stop();
    // createStaff pointed this process at that server's keys: other tests of this worker use the platform's.
    useServerKeys(platform.server);
  });

  test("random values never get a 5xx, and whatever `next` says, the answer stays on this site", async ({ playwright }) => {
    test.setTimeout(90_000);
    const logFrom = server.log.length;
    const request = await playwright.request.newContext({ baseURL: server.url });
    const db = openServerDatabase(server);
    try {
      // Random fields (the limit allows 30 attempts per address in 15 minutes: 10 here, 16 below).
      await fc.assert(
        fc.asyncProperty(hostileForm(["email", "password", "next"], fieldValue), fc.boolean(), fc.constantFrom("", "/fa"), async (form, multipart, prefix) => {
          const before = rowCounts(db);
          const response = await sendForm(request, `${prefix}/staff/login?index`, form, multipart);
          handled(response, server.url, `login ${JSON.stringify(form).slice(0, 200)}`);
          expect(rowCounts(db)).toEqual(before);
        }),
        runs(10),
      );
      // Signing in: whatever `next` says, the answer goes to a staff page on this site.
      const campaigner = await createStaff(server, ["campaigner"], { twoFactor: false });
      const next = fc.oneof(
        fc.constantFrom(...hostileTargets),
        formText(60),
        fc.tuple(fc.constantFrom("/staff", "/fa/staff", "/staff/", "//"), formText(30)).map(([a, b]) => a + b),
      );
      await fc.assert(
        fc.asyncProperty(next, fc.constantFrom("", "/fa"), async (value, prefix) => {
          const response = await request.post(`${prefix}/staff/login?index`, { form: { email: campaigner.email, password: campaigner.password, next: value }, maxRedirects: 0 });
          expect(response.status(), value).toBe(303);
          const location = response.headers()["location"]!;
          expect(new URL(location, server.url).origin, `next=${JSON.stringify(value)} → ${location}`).toBe(server.url);
          expect(location).toMatch(/^\/(fa\/)?staff(\/|$|\?)/);
        }),
        runs(14),
      );
      // With two-factor authentication, `next` travels through the second step and is checked there too.
      const admin = await createStaff(server, ["admin"]);
      const first = await request.post("/staff/login?index", { form: { email: admin.email, password: admin.password, next: "//evil.example" }, maxRedirects: 0 });
      expect(first.headers()["location"]).toMatch(/^\/staff\/login\/two-factor\?next=/);
      const second = await request.post(first.headers()["location"]!, { form: { code: await nextCode(admin.totpSecret!), next: "https://evil.example/staff" }, maxRedirects: 0 });
      expect(second.status()).toBe(303);
      expect(second.headers()["location"]).toBe("/staff");
    } finally {
      db.$client.close();
      await request.dispose();
    }
    expect(crashesIn(server.log, logFrom)).toEqual([]);
  });

  test("random values in every staff form and query string: never a 5xx", async ({ page }) => {
    const logFrom = server.log.length;
    const admin = await createStaff(server, ["admin"]);
    await signIn(page, admin, { prefix: server.url });
    const api = page.request;
    const url = (p: string) => `${server.url}${p}`;
    const date = fc.constantFrom("2026-01-01", "2026-02-31", "2026-13-45", "0000-00-00", "9999-12-31", "1988-07-19T10:00", "2026-01-01T25:61");
    const number = fc.constantFrom("0", "1", "2", "-1", "1.5", "1e3", "NaN", "9007199254740993", "۳", "", " 1 ");
    const value = fc.oneof(
      { weight: 5, arbitrary: formText(100) },
      { weight: 2, arbitrary: number },
      { weight: 2, arbitrary: date },
      { weight: 1, arbitrary: fc.constantFrom(...attackStrings) },
      { weight: 1, arbitrary: hugeString().map((s) => s.slice(0, 30_000)) },
    );
    const forms: { path: string; fields: string[]; intents?: string[] }[] = [
      {
        path: "/staff/campaigns/1988-massacre?content=en",
        fields: [
          "block",
          "id",
          "version",
          "anchor",
          "intent",
          "title",
          "summary",
          "heading",
          "bodyMd",
          "topic",
          "text",
          "attribution",
          "isTranslation",
          "date",
          "approximate",
          "prev_date",
          "prev_approximate",
          "publisher",
          "note",
          "url",
          "publishedOn",
          "prev_url",
          "prev_publishedOn",
          "discreet",
        ],
        intents: ["campaign", "section", "quotation", "event", "source", "discreet"],
      },
      {
        path: "/staff/petitions/1988-massacre-justice?content=fa",
        fields: ["block", "version", "anchor", "intent", "title", "addressee", "bodyMd", "goal", "status", "opensAt", "closesAt", "token"],
        intents: ["text", "settings", "preview"],
      },
      {
        path: "/staff/letters/1988-massacre",
        fields: [
          "intent",
          "enabled",
          "editable",
          "maxLength",
          "recipientMode",
          "groupId",
          "maxStates",
          "maxLettersPerSupporter",
          "extraRecipientIds",
          "version",
          "locale",
          "subject",
          "body",
        ],
        intents: ["settings", "template", "preview"],
      },
      { path: "/staff/recipients?index", fields: ["intent", "id", "newStatus", "reason"], intents: ["status"] },
      {
        path: "/staff/recipients/new",
        fields: ["key", "country", "nameEn", "nameFa", "salutationEn", "salutationFa", "email", "postalAddress", "phone", "website", "status", "statusReason", "version"],
      },
      {
        path: "/staff/recipients/1",
        fields: ["nameEn", "nameFa", "salutationEn", "salutationFa", "email", "postalAddress", "phone", "website", "status", "statusReason", "version"],
      },
      { path: "/staff/recipients/groups", fields: ["intent", "mode", "key", "nameEn", "nameFa", "members", "more", "updatedAt"], intents: ["save", "delete"] },
      {
        path: "/staff/signatures",
        fields: ["intent", "reason", "id", "email", "country", "from", "to", "status"],
        intents: ["invalidate", "restore", "invalidate-all", "restore-all"],
      },
      { path: "/staff/comments", fields: ["id", "decision"] },
      { path: "/staff/outbox", fields: ["id", "intent"], intents: ["retry", "cancel"] },
      { path: "/staff/exports?index", fields: ["petition", "statuses", "columns", "countries", "from", "to", "wantsUpdates", "showPublicly", "format", "bom"] },
      {
        path: "/staff/exports/download",
        fields: ["intent", "petition", "statuses", "columns", "countries", "from", "to", "wantsUpdates", "showPublicly", "format", "bom", "contentLocale"],
        intents: ["signatures", "delivery-list", "delivery-counts"],
      },
      { path: "/staff/users", fields: ["intent", "roles", "email", "userId"], intents: ["invite", "roles", "enable"] },
      // Not /staff/two-factor: five wrong codes there end the session and lock the account, by design
      // (tests/e2e/access-control.test.ts, "wrong two-factor codes count as failed sign-ins").
      { path: "/fa/staff/recipients/new", fields: ["key", "country", "nameEn", "email"] },
    ];
    const submission = fc
      .constantFrom(...forms)
      .chain((f) =>
        fc.tuple(
          fc.constant(f.path),
          hostileForm(f.fields, value),
          f.intents ? fc.constantFrom(...f.intents) : fc.constant(undefined),
          fc.array(fc.tuple(fc.constantFrom(...f.fields), value), { maxLength: 3 }),
          fc.boolean(),
        ),
      );
    await fc.assert(
      fc.asyncProperty(submission, async ([target, fields, intent, repeats, multipart]) => {
        const entries: [string, string][] = Object.entries(fields);
        if (intent) entries.push([target.includes("campaigns") || target.includes("petitions") ? "block" : "intent", intent], ["anchor", "x"]);
        entries.push(...repeats);
        let response: APIResponse;
        if (multipart) {
          const form = new FormData();
          for (const [k, v] of entries) form.append(k, v);
          response = await api.post(url(target), { multipart: form, maxRedirects: 0 });
        } else {
          response = await api.post(url(target), { data: encode(entries), headers: { "content-type": "application/x-www-form-urlencoded" }, maxRedirects: 0 });
        }
        handled(response, server.url, `POST ${target} ${JSON.stringify(entries).slice(0, 300)}`);
      }),
      runs(120),
    );
    const pages = [
      "/staff",
      "/staff/signatures",
      "/staff/recipients",
      "/staff/recipients/groups",
      "/staff/recipients/import",
      "/staff/audit",
      "/staff/map.svg",
      "/staff/exports",
      "/staff/campaigns/1988-massacre",
      "/staff/petitions/1988-massacre-justice",
      "/staff/letters/1988-massacre",
      "/staff/outbox",
      "/staff/comments",
      "/staff/users",
      "/staff/recipients/1",
    ];
    const key = fc.oneof(
      fc.constantFrom(
        "petition",
        "search",
        "email",
        "country",
        "from",
        "to",
        "status",
        "kind",
        "q",
        "page",
        "action",
        "content",
        "saved",
        "edit",
        "deleted",
        "added",
        "changed",
        "failed",
        "_data",
      ),
      formText(8),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...pages),
        fc.array(
          fc.tuple(
            key,
            value.map((v) => v.slice(0, 2_000)),
          ),
          { maxLength: 5 },
        ),
        async (target, params) => {
          const response = await api.get(url(`${target}?${new URLSearchParams(params)}`), { maxRedirects: 0 });
          handled(response, server.url, `GET ${target}?${new URLSearchParams(params).toString().slice(0, 300)}`);
        },
      ),
      runs(80),
    );
    // A date of the right shape that is no date ("2026-13-45") in a search that acts on all matches.
    const signaturesAll = await api.post(url("/staff/signatures"), { form: { intent: "invalidate-all", from: "2026-13-45", to: "0000-00-00", reason: "test" }, maxRedirects: 0 });
    handled(signaturesAll, server.url, "invalidate-all with impossible dates");
    // Still signed in and working.
    expect((await api.get(url("/staff"), { maxRedirects: 0 })).status()).toBe(200);
    expect(crashesIn(server.log, logFrom)).toEqual([]);
  });

  test("the importer: any file, any bytes, formulas and markup — answered by row, shown as text, never a 5xx", async ({ page }) => {
    const logFrom = server.log.length;
    const campaigner = await createStaff(server, ["campaigner"], { twoFactor: false });
    await signIn(page, campaigner, { prefix: server.url });
    const api = page.request;
    const target = `${server.url}/staff/recipients/import`;
    const header = "kind,country,key,name_en,name_fa,email,postal_address,phone,website,status";
    const csvField = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);
    const db = openServerDatabase(server);
    try {
      const before = rowCounts(db).recipients;
      const file = fc.oneof(
        fc.uint8Array({ maxLength: 2_000 }).map((b) => Buffer.from(b)),
        fc
          .array(
            fc.array(fc.oneof(formText(40), fc.constantFrom(...attackStrings), fc.constantFrom("other", "ny", "IR", "sr-x", "a@example.org")), { minLength: 1, maxLength: 10 }),
            { maxLength: 8 },
          )
          .map((rows) => Buffer.from([header, ...rows.map((r) => r.map(csvField).join(","))].join("\r\n"))),
        fc.jsonValue().map((v) => Buffer.from(JSON.stringify(v))),
      );
      await fc.assert(
        fc.asyncProperty(
          file,
          fc.constantFrom("auto", "csv", "bluebook", "<b>"),
          fc.constantFrom("x.csv", "x.json", "../../etc/passwd", "<img src=x onerror=alert(1)>.csv", ""),
          async (content, format, filename) => {
            const response = await api.post(target, {
              multipart: { intent: "preview", format, kind: "ny", file: { name: filename || "f", mimeType: "text/csv", buffer: content } },
              maxRedirects: 0,
            });
            handled(response, server.url, `import ${filename} ${content.subarray(0, 80).toString("hex")}`);
            const html = await response.text();
            expect(html).not.toMatch(/<img src=x|<script>alert/);
          },
        ),
        runs(40),
      );
      // A file with markup and formulas: problems and rows are shown as text; applying with problems writes nothing.
      const hostileCsv = [
        header,
        "other,,sr-markup,<script>alert(1)</script>,,x@example.org,,,,",
        'other,,sr-formula,"=HYPERLINK(""http://evil.example"",""x"")",,y@example.org,,,,',
        "ny,<img src=x onerror=alert(1)>,,,,z@example.org,,,,",
        "other,,'; DROP TABLE recipients; --,Name,,w@example.org,,,,",
      ].join("\r\n");
      const preview = await api.post(target, {
        multipart: { intent: "preview", format: "csv", kind: "ny", file: { name: "hostile.csv", mimeType: "text/csv", buffer: Buffer.from(hostileCsv) } },
      });
      expect(preview.status()).toBe(200);
      const html = await preview.text();
      expectEscaped(html, "<script>alert(1)</script>", "import preview");
      expectEscaped(html, "<img src=x onerror=alert(1)>", "import preview problem");
      const apply = await api.post(target, {
        multipart: { intent: "apply", format: "csv", kind: "ny", content: hostileCsv, filename: "hostile.csv", fingerprint: "forged", "count-toAdd": "2" },
        maxRedirects: 0,
      });
      handled(apply, server.url, "apply a forged plan");
      expect(apply.status()).toBeGreaterThanOrEqual(400);
      expect(rowCounts(db).recipients).toBe(before);
      // Over the import's own limit: a clear 413.
      const huge = await api.post(target, {
        multipart: { intent: "preview", format: "csv", kind: "ny", file: { name: "huge.csv", mimeType: "text/csv", buffer: Buffer.alloc(5_100_000, 0x61) } },
      });
      expect(huge.status()).toBe(413);
      expect(await huge.text()).toContain(en["error.tooLarge.title"]);
    } finally {
      db.$client.close();
    }
    expect(crashesIn(server.log, logFrom)).toEqual([]);
  });
});
