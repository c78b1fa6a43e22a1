// Access control of the staff area, and the defences around it (issue 8, item 5).
//
// One table lists every staff route: each page (GET) and each action (POST) with the intents its forms post,
// and the permission it needs. A test compares the table with app/routes, so that a staff route, a loader, an
// action or an intent added without an entry here fails. Then, on a server of this file's own:
// - without a session, every page sends to the login and every action is refused, changing nothing;
// - for each role (and one combination of roles), every page is 200 or 403 and every action 403 or let
//   through exactly as the table and the role matrix say; refused actions change nothing in the database;
//   one permitted action per route really succeeds;
// - cross-site POSTs, session fixation, reuse of a session after sign-out and after "sign out everywhere";
// and, on servers of their own, brute force of passwords (per address, and per account with concurrent
// requests) and of two-factor codes. Finally, in a real browser with JavaScript, no public page and no staff
// page causes a Content-Security-Policy violation, in English or in Persian.
//
// Requests go through API request contexts signed in with the real login form (password, then TOTP code).
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { request as playwrightRequest, test as baseTest, type APIRequestContext, type APIResponse, type Page } from "@playwright/test";
import { and, desc, eq, sql } from "drizzle-orm";
import { createInvite, findStaffByEmail, pendingEnrolmentSecret, totpCodeForTests } from "../../app/staff/auth.server";
import { getCampaignForEditing, getPetitionForEditing } from "../../app/staff/content.server";
import { getRecipient, letterTemplates, previewRecipientsImport, recipientValues, saveTargetGroup } from "../../app/staff/letters-admin.server";
import { letterSettings } from "../../app/letters/letters.server";
import { permissions, rolePermissions, requiresTwoFactor, type Permission } from "../../app/staff/permissions";
import { findPetition } from "../../app/petitions/petition.server";
import { confirmSignature, issueSignatureToken, signPetition } from "../../app/petitions/signing.server";
import { schema, type Db } from "../../app/utils/db.server";
import { staffRoles, type StaffRole } from "../../db/schema/staff";
import { AppServer, projectRoot } from "../setup/app-server";
import { expect, test } from "../setup/fixtures";
import { petitionPath, uniqueEmail } from "../setup/journeys";
import { openServerDatabase } from "../setup/server-db";
import { createStaff, nextCode, signIn, signInRequest, staffCookieFor, staffCookieName, staffCookieValue, useServerKeys, type TestStaff } from "../setup/staff";

const campaignSlug = "1988-massacre";
const petitionSlug = "1988-massacre-justice";
/** A well-formed invitation token that was never issued. */
const madeUpToken = "x".repeat(43);

// ---- the role matrix, as specified (ADR 0017); the app's own matrix must be exactly this ----------------

const matrix: Record<StaffRole, readonly Permission[]> = {
  admin: permissions,
  campaigner: ["dashboards.view", "content.edit", "petitions.manage", "letters.manage", "recipients.manage", "comments.moderate", "outbox.manage"],
  exporter: ["dashboards.view", "exports.run"],
  viewer: ["dashboards.view"],
};

/** Who the sweeps sign in as: each role, and one combination (a user has the union of their roles). */
const people: StaffRole[][] = [["viewer"], ["exporter"], ["campaigner"], ["campaigner", "exporter"], ["admin"]];

// ---- the table ------------------------------------------------------------------------------------------

type Need = Permission | "signed-in" | "public";
type FormBody = Record<string, string>;
type Multipart = Record<string, string | { name: string; mimeType: string; buffer: Buffer }>;
interface Body {
  form?: FormBody;
  multipart?: Multipart;
}
interface Outcome {
  status: number;
  /** The redirect's target: a path (the language prefix is added) or a pattern. */
  location?: string | RegExp;
  contentType?: RegExp;
}
interface Attempt extends Body, Outcome {
  /** Checks what the request did (in the database, in the response). */
  verify?: (response: APIResponse) => Promise<void> | void;
}

interface Who {
  label: string;
  roles: StaffRole[];
  staff: TestStaff;
  id: number;
  api: APIRequestContext;
}

interface Data {
  db: Db;
  server: AppServer;
  campaignId: number;
  petitionId: number;
  recipientId: number;
  signatureId: number;
  /** A pending comment for each person who may moderate (and one nobody may touch). */
  comments: Map<string, number>;
  /** A failed email for each person who may manage the outbox. */
  failedMessages: Map<string, number>;
  /** A target group that refused requests try to delete. */
  groupKey: string;
  adminId: number;
  /** A signed-in account that the admin disables, re-enables and changes roles of. */
  spare: Who;
  /** A disabled account that refused requests try to enable. */
  disabledId: number;
}

interface Entry {
  /** The route module in app/routes. */
  file: string;
  method: "GET" | "POST";
  intent?: string;
  block?: string;
  /** For an action whose form is on another route's page. */
  formIn?: string;
  /** Without the language prefix. */
  path: (d: Data) => string;
  /** Every one of these is required. */
  needs: Need[];
  /** POST: what the refused requests send — a valid request that would change something if let through. */
  attack?: (d: Data, who: Who | null) => Body;
  /** Without a session (defaults: GET to the login page, with the page as `next`; POST 401). */
  anonymous?: Outcome;
  /** With the permission (public routes: with any session). Default for GET: 200. */
  permitted?: (d: Data, who: Who) => Attempt | Promise<Attempt>;
  /** This route's representative action: for the people allowed, it really does what it is for. */
  representative?: true;
  /** Left out of the role sweeps, and why (a test below covers it). */
  skip?: string;
}

const r = (rest: string) => `($lang).staff${rest}`;
const view = (file: string, p: string, needs: Need[], extra: Partial<Entry> = {}): Entry => ({ file, method: "GET", path: () => p, needs, ...extra });

function user(d: Data, who: Who) {
  return findStaffByEmail(d.db, who.staff.email)!;
}

function campaign(d: Data) {
  return getCampaignForEditing(d.db, campaignSlug, "en")!;
}

function petitionForm(d: Data) {
  return getPetitionForEditing(d.db, petitionSlug, "en")!;
}

function recipientForm(d: Data, changes: Record<string, string> = {}): FormBody {
  const values = recipientValues(getRecipient(d.db, d.recipientId)!);
  return { ...Object.fromEntries(Object.entries(values).map(([k, v]) => [k, String(v)])), ...changes };
}

function templateVersion(d: Data) {
  return String(letterTemplates(d.db, d.campaignId).en?.version ?? 0);
}

const slugOf = (label: string) => label.replace(/[^a-z0-9]+/g, "-");

function importCsv(key: string) {
  return `kind,key,name_en,email\nother,${key},Imported recipient ${key},${key}@example.net\n`;
}

function importApply(d: Data, key: string): Multipart {
  const content = importCsv(key);
  const preview = previewRecipientsImport(d.db, { content, format: "csv", kind: "mission_ny", filename: "recipients.csv" });
  return {
    intent: "apply",
    kind: "ny",
    format: "csv",
    filename: "recipients.csv",
    content,
    fingerprint: preview.fingerprint,
    ...Object.fromEntries(Object.entries(preview.counts).map(([k, v]) => [`count-${k}`, String(v)])),
  };
}

const exportForm = (intent: string): FormBody => ({ intent, petition: petitionSlug, statuses: "confirmed", columns: "email", format: "csv" });

function commentStatus(d: Data, id: number) {
  return d.db.select({ s: schema.signatures.commentStatus }).from(schema.signatures).where(eq(schema.signatures.id, id)).get()!.s;
}

function signatureStatus(d: Data) {
  return d.db.select({ s: schema.signatures.status }).from(schema.signatures).where(eq(schema.signatures.id, d.signatureId)).get()!.s;
}

async function expectSignedOut(api: APIRequestContext) {
  const response = await api.get("/staff", { maxRedirects: 0 });
  expect(response.status()).toBe(302);
  expect(response.headers()["location"]).toBe("/staff/login?next=%2Fstaff");
}

const table: Entry[] = [
  // -- pages ---------------------------------------------------------------------------------------------
  view(r(".tsx"), "/staff/two-factor", ["signed-in"]), // the frame of every staff page: any signed-in account
  view(r("._index.tsx"), "/staff", ["dashboards.view"]),
  view(r(".map[.]svg.ts"), `/staff/map.svg?petition=${petitionSlug}`, ["dashboards.view"], {
    permitted: () => ({ status: 200, contentType: /^image\/svg\+xml/ }),
  }),
  view(r(".account._index.tsx"), "/staff/account", ["signed-in"]),
  view(r(".account.two-factor.tsx"), "/staff/account/two-factor", ["signed-in"], {
    // Enrolment for an account without two-factor authentication; the others are sent to their account page.
    permitted: (d, who) => (user(d, who).totpEnabledAt ? { status: 302, location: "/staff/account" } : { status: 200 }),
  }),
  view(r(".two-factor.tsx"), "/staff/two-factor", ["signed-in"]),
  view(r(".audit.tsx"), "/staff/audit", ["audit.view"]),
  view(r(".campaigns._index.tsx"), "/staff/campaigns", ["content.edit"]),
  view(r(".campaigns.$slug.tsx"), `/staff/campaigns/${campaignSlug}`, ["content.edit"]),
  view(r(".petitions.$slug.tsx"), `/staff/petitions/${petitionSlug}`, ["petitions.manage"]),
  view(r(".comments.tsx"), "/staff/comments", ["comments.moderate"]),
  view(r(".exports._index.tsx"), "/staff/exports", ["exports.run"]),
  view(r(".exports.download.tsx"), "/staff/exports/download", ["public"], { anonymous: { status: 404 }, permitted: () => ({ status: 404 }) }),
  view(r(".letters._index.tsx"), "/staff/letters", ["letters.manage"]),
  view(r(".letters.$slug.tsx"), `/staff/letters/${campaignSlug}`, ["letters.manage"]),
  view(r(".logout.tsx"), "/staff/logout", ["public"], { anonymous: { status: 404 }, permitted: () => ({ status: 404 }) }),
  view(r(".outbox.tsx"), "/staff/outbox", ["outbox.manage"]),
  view(r(".recipients._index.tsx"), "/staff/recipients", ["recipients.manage"]),
  { file: r(".recipients.$id.tsx"), method: "GET", path: (d) => `/staff/recipients/${d.recipientId}`, needs: ["recipients.manage"] },
  view(r(".recipients.new.tsx"), "/staff/recipients/new", ["recipients.manage"]),
  view(r(".recipients.groups.tsx"), "/staff/recipients/groups", ["recipients.manage"]),
  view(r(".recipients.import.tsx"), "/staff/recipients/import", ["recipients.manage"]),
  view(r(".signatures.tsx"), "/staff/signatures", ["signatures.manage"]),
  view(r(".users.tsx"), "/staff/users", ["staff.manage"]),
  view(r("_.login._index.tsx"), "/staff/login", ["public"], { anonymous: { status: 200 }, permitted: () => ({ status: 302, location: "/staff" }) }),
  view(r("_.login.two-factor.tsx"), "/staff/login/two-factor", ["public"], {
    anonymous: { status: 302, location: "/staff/login" },
    permitted: () => ({ status: 302, location: "/staff/login" }),
  }),
  view(r("_.setup.$token.tsx"), `/staff/setup/${madeUpToken}`, ["public"], { anonymous: { status: 404 }, permitted: () => ({ status: 404 }) }),

  // -- actions -------------------------------------------------------------------------------------------
  {
    file: r(".account._index.tsx"),
    method: "POST",
    path: () => "/staff/account?index",
    needs: ["signed-in"],
    attack: () => ({ form: {} }),
    skip: "signs the account out everywhere (test: sign out everywhere)",
  },
  {
    file: r(".account.two-factor.tsx"),
    method: "POST",
    path: () => "/staff/account/two-factor",
    needs: ["signed-in"],
    attack: () => ({ form: { code: "000000" } }),
    representative: true,
    // An account without two-factor authentication turns it on with a code from the secret shown on the page
    // (visited in the page sweep); an account that has it cannot enrol again.
    permitted: async (d, who) => {
      const found = user(d, who);
      // Refused, and the page then sends to the account page.
      if (found.totpEnabledAt) return { form: { code: "000000" }, status: 302, location: "/staff/account", verify: () => expect(user(d, who).totpSecretEnc).toEqual(found.totpSecretEnc) };
      const secret = pendingEnrolmentSecret(found)!;
      return {
        form: { code: await nextCode(secret) },
        status: 303,
        location: "/staff",
        verify: () => {
          expect(user(d, who).totpEnabledAt).not.toBeNull();
          who.staff.totpSecret = secret;
        },
      };
    },
  },
  {
    file: r(".two-factor.tsx"),
    method: "POST",
    path: () => "/staff/two-factor",
    needs: ["signed-in"],
    attack: () => ({ form: { code: "000000", next: "/staff/exports" } }),
    representative: true,
    permitted: async (_d, who) =>
      who.staff.totpSecret
        ? { form: { code: await nextCode(who.staff.totpSecret), next: "/staff/exports" }, status: 303, location: "/staff/exports" }
        : { form: { code: "000000", next: "/staff/exports" }, status: 400 },
  },
  {
    file: r(".campaigns.$slug.tsx"),
    method: "POST",
    block: "discreet",
    path: () => `/staff/campaigns/${campaignSlug}?content=en`,
    needs: ["content.edit", "petitions.manage"],
    attack: (d) => ({ form: { block: "discreet", id: "0", version: "0", anchor: "discreet", discreet: campaign(d).campaign.discreet ? "0" : "1" } }),
    // Saved as it is: the campaign's emails stay as other tests expect them.
    permitted: (d) => ({
      form: { block: "discreet", id: "0", version: "0", anchor: "discreet", discreet: campaign(d).campaign.discreet ? "1" : "0" },
      status: 303,
      location: /saved=discreet/,
    }),
  },
  {
    file: r(".campaigns.$slug.tsx"),
    method: "POST",
    block: "campaign",
    intent: "save",
    path: () => `/staff/campaigns/${campaignSlug}?content=en`,
    needs: ["content.edit"],
    attack: (d) => {
      const t = campaign(d).translation!;
      return { form: { block: "campaign", intent: "save", id: "0", anchor: "campaign", version: String(t.version), title: "Defaced", summary: t.summary } };
    },
    representative: true,
    permitted: (d) => {
      const t = campaign(d).translation!;
      return {
        form: { block: "campaign", intent: "save", id: "0", anchor: "campaign", version: String(t.version), title: t.title, summary: t.summary },
        status: 303,
        location: /saved=campaign/,
        verify: () => expect(campaign(d).translation!.version).toBe(t.version + 1),
      };
    },
  },
  {
    file: r(".campaigns.$slug.tsx"),
    method: "POST",
    block: "section",
    intent: "preview",
    path: () => `/staff/campaigns/${campaignSlug}?content=en`,
    needs: ["content.edit"],
    attack: (d) => {
      const s = campaign(d).sections[0]!;
      return { form: { block: "section", intent: "save", id: String(s.id), anchor: "section", version: String(s.translation!.version), heading: "Defaced", bodyMd: "Defaced" } };
    },
    permitted: (d) => {
      const s = campaign(d).sections[0]!;
      return {
        form: { block: "section", intent: "preview", id: String(s.id), anchor: "section", version: String(s.translation!.version), heading: "Heading", bodyMd: "**previewed**" },
        status: 200,
        verify: async (response) => expect(await response.text()).toContain("<strong>previewed</strong>"),
      };
    },
  },
  {
    file: r(".campaigns.$slug.tsx"),
    method: "POST",
    block: "quotation",
    intent: "save",
    path: () => `/staff/campaigns/${campaignSlug}?content=en`,
    needs: ["content.edit"],
    attack: (d) => {
      const q = campaign(d).quotations[0]!;
      const t = q.translation!;
      return { form: { block: "quotation", intent: "save", id: String(q.id), anchor: "quotation", version: String(t.version), topic: t.topic ?? "", text: "Defaced", attribution: t.attribution ?? "" } };
    },
    // An empty quotation is refused: the request passed the permission check and changed nothing.
    permitted: (d) => {
      const q = campaign(d).quotations[0]!;
      return { form: { block: "quotation", intent: "save", id: String(q.id), anchor: "quotation", version: String(q.translation!.version), topic: "", text: "", attribution: "" }, status: 400 };
    },
  },
  {
    file: r(".campaigns.$slug.tsx"),
    method: "POST",
    block: "event",
    intent: "save",
    path: () => `/staff/campaigns/${campaignSlug}?content=en`,
    needs: ["content.edit"],
    attack: (d) => {
      const e = campaign(d).timeline[0]!;
      const flag = e.approximate ? "1" : "0";
      return {
        form: { block: "event", intent: "save", id: String(e.id), anchor: "event", version: String(e.translation!.version), title: "Defaced", description: "Defaced", date: e.date, approximate: flag, prev_date: e.date, prev_approximate: flag },
      };
    },
    permitted: (d) => {
      const e = campaign(d).timeline[0]!;
      const flag = e.approximate ? "1" : "0";
      return {
        form: { block: "event", intent: "save", id: String(e.id), anchor: "event", version: String(e.translation!.version), title: "", description: "", date: e.date, approximate: flag, prev_date: e.date, prev_approximate: flag },
        status: 400,
      };
    },
  },
  {
    file: r(".campaigns.$slug.tsx"),
    method: "POST",
    block: "source",
    intent: "save",
    path: () => `/staff/campaigns/${campaignSlug}?content=en`,
    needs: ["content.edit"],
    attack: (d) => {
      const s = campaign(d).sources[0]!;
      const prev = { url: s.url ?? "", publishedOn: s.publishedOn ?? "" };
      return {
        form: { block: "source", intent: "save", id: String(s.id), anchor: "source", version: String(s.translation!.version), title: "Defaced", publisher: "", note: "", ...prev, prev_url: prev.url, prev_publishedOn: prev.publishedOn },
      };
    },
    permitted: (d) => {
      const s = campaign(d).sources[0]!;
      const prev = { url: s.url ?? "", publishedOn: s.publishedOn ?? "" };
      return {
        form: { block: "source", intent: "save", id: String(s.id), anchor: "source", version: String(s.translation!.version), title: "", publisher: "", note: "", ...prev, prev_url: prev.url, prev_publishedOn: prev.publishedOn },
        status: 400,
      };
    },
  },
  {
    file: r(".petitions.$slug.tsx"),
    method: "POST",
    block: "text",
    intent: "save",
    path: () => `/staff/petitions/${petitionSlug}?content=en`,
    needs: ["petitions.manage"],
    attack: (d) => {
      const t = petitionForm(d).translation!;
      return { form: { block: "text", intent: "save", version: String(t.version), title: "Defaced", addressee: t.addressee, bodyMd: t.bodyMd } };
    },
    representative: true,
    permitted: (d) => {
      const t = petitionForm(d).translation!;
      return {
        form: { block: "text", intent: "save", version: String(t.version), title: t.title, addressee: t.addressee, bodyMd: t.bodyMd },
        status: 303,
        location: /saved=petition-text/,
        verify: () => expect(petitionForm(d).translation!.version).toBe(t.version + 1),
      };
    },
  },
  {
    file: r(".petitions.$slug.tsx"),
    method: "POST",
    block: "text",
    intent: "preview",
    path: () => `/staff/petitions/${petitionSlug}?content=en`,
    needs: ["petitions.manage"],
    attack: (d) => ({ form: { block: "text", intent: "save", version: String(petitionForm(d).translation!.version), title: "Defaced", addressee: "Defaced", bodyMd: "Defaced" } }),
    permitted: (d) => ({
      form: { block: "text", intent: "preview", version: String(petitionForm(d).translation!.version), title: "T", addressee: "A", bodyMd: "*previewed*" },
      status: 200,
      verify: async (response) => expect(await response.text()).toContain("<em>previewed</em>"),
    }),
  },
  {
    file: r(".petitions.$slug.tsx"),
    method: "POST",
    block: "settings",
    path: () => `/staff/petitions/${petitionSlug}?content=en`,
    needs: ["petitions.manage"],
    attack: (d) => {
      const s = petitionForm(d).settings;
      return { form: { block: "settings", version: String(s.token), goal: String(s.goal), status: "closed", opensAt: s.opensAt ?? "", closesAt: s.closesAt ?? "" } };
    },
    permitted: (d) => {
      const s = petitionForm(d).settings;
      return { form: { block: "settings", version: String(s.token), goal: "-5", status: s.status, opensAt: s.opensAt ?? "", closesAt: s.closesAt ?? "" }, status: 400 };
    },
  },
  {
    file: r(".comments.tsx"),
    method: "POST",
    path: () => "/staff/comments",
    needs: ["comments.moderate"],
    attack: (d) => ({ form: { id: String(d.comments.get("nobody")), decision: "approved" } }),
    representative: true,
    permitted: (d, who) => {
      const id = d.comments.get(who.label)!;
      return { form: { id: String(id), decision: "approved" }, status: 200, verify: () => expect(commentStatus(d, id)).toBe("approved") };
    },
  },
  {
    file: r(".exports._index.tsx"),
    method: "POST",
    intent: "count",
    path: () => "/staff/exports?index",
    needs: ["exports.run"],
    attack: () => ({ form: exportForm("count") }),
    representative: true,
    permitted: () => ({ form: exportForm("count"), status: 200 }),
  },
  ...(["signatures", "delivery-list", "delivery-counts"] as const).map(
    (intent): Entry => ({
      file: r(".exports.download.tsx"),
      formIn: r(".exports._index.tsx"),
      method: "POST",
      intent,
      path: () => "/staff/exports/download",
      needs: ["exports.run"],
      attack: () => ({ form: exportForm(intent) }),
      representative: true,
      permitted: (d, who) => ({
        form: exportForm(intent),
        status: 200,
        contentType: /^text\/csv/,
        verify: () => {
          const last = d.db.select().from(schema.auditLog).orderBy(desc(schema.auditLog.id)).limit(1).get()!;
          expect([last.action, last.userId]).toEqual([`exports.${intent}`, who.id]);
        },
      }),
    }),
  ),
  {
    file: r(".letters.$slug.tsx"),
    method: "POST",
    intent: "settings",
    path: () => `/staff/letters/${campaignSlug}`,
    needs: ["letters.manage"],
    attack: (d) => ({
      form: {
        intent: "settings",
        enabled: "on",
        editable: "on",
        maxLength: "50",
        recipientMode: "residence",
        maxStates: "1",
        maxLettersPerSupporter: "1",
        version: String(letterSettings(d.db, d.campaignId).version),
      },
    }),
    permitted: (d) => ({ form: { intent: "settings", maxLength: "", recipientMode: "residence", version: String(letterSettings(d.db, d.campaignId).version) }, status: 400 }),
  },
  {
    file: r(".letters.$slug.tsx"),
    method: "POST",
    intent: "template",
    path: () => `/staff/letters/${campaignSlug}`,
    needs: ["letters.manage"],
    attack: (d) => ({ form: { intent: "template", locale: "en", subject: "Defaced", body: "Defaced", version: templateVersion(d) } }),
    permitted: (d) => ({ form: { intent: "template", locale: "en", subject: "", body: "", version: templateVersion(d) }, status: 400 }),
  },
  {
    file: r(".letters.$slug.tsx"),
    method: "POST",
    intent: "preview",
    path: () => `/staff/letters/${campaignSlug}`,
    needs: ["letters.manage"],
    attack: () => ({ form: { intent: "template", locale: "fa", subject: "Defaced", body: "Defaced", version: "0" } }),
    representative: true,
    permitted: (d) => ({
      form: { intent: "preview", locale: "en", subject: "A previewed subject", body: "A previewed letter.", version: templateVersion(d) },
      status: 200,
      verify: async (response) => expect(await response.text()).toContain("A previewed letter."),
    }),
  },
  {
    file: r(".logout.tsx"),
    method: "POST",
    path: () => "/staff/logout",
    needs: ["public"],
    attack: () => ({ form: {} }),
    anonymous: { status: 302, location: "/staff/login" },
    skip: "ends the session (test: after sign-out, the old cookie gives no access)",
  },
  {
    file: r(".outbox.tsx"),
    method: "POST",
    intent: "cancel",
    path: () => "/staff/outbox",
    needs: ["outbox.manage"],
    attack: (d) => ({ form: { intent: "cancel", id: String(d.failedMessages.get("nobody")) } }),
    representative: true,
    permitted: (d, who) => {
      const id = d.failedMessages.get(who.label)!;
      return {
        form: { intent: "cancel", id: String(id) },
        status: 200,
        verify: () => expect(d.db.select().from(schema.outbox).where(eq(schema.outbox.id, id)).get()!.status).toBe("cancelled"),
      };
    },
  },
  {
    file: r(".outbox.tsx"),
    method: "POST",
    intent: "retry",
    path: () => "/staff/outbox",
    needs: ["outbox.manage"],
    attack: (d) => ({ form: { intent: "retry", id: String(d.failedMessages.get("nobody")) } }),
    // A message that does not exist: nothing to retry, but the request was let through.
    permitted: () => ({ form: { intent: "retry", id: "999999999" }, status: 200 }),
  },
  {
    file: r(".recipients.$id.tsx"),
    method: "POST",
    path: (d) => `/staff/recipients/${d.recipientId}`,
    needs: ["recipients.manage"],
    attack: (d) => ({ form: recipientForm(d, { email: "attacker@evil.example" }) }),
    representative: true,
    permitted: (d) => {
      const form = recipientForm(d);
      return { form, status: 303, location: `/staff/recipients/${d.recipientId}?saved=1`, verify: () => expect(getRecipient(d.db, d.recipientId)!.version).toBe(Number(form.version) + 1) };
    },
  },
  {
    file: r(".recipients._index.tsx"),
    method: "POST",
    intent: "status",
    path: () => "/staff/recipients?index",
    needs: ["recipients.manage"],
    attack: (d) => ({ form: { intent: "status", id: String(d.recipientId), newStatus: "blocked", reason: "attack" } }),
    representative: true,
    permitted: (d) => ({ form: { intent: "status", id: String(d.recipientId), newStatus: getRecipient(d.db, d.recipientId)!.status, reason: "" }, status: 303, location: /saved=status/ }),
  },
  {
    file: r(".recipients.new.tsx"),
    method: "POST",
    path: () => "/staff/recipients/new",
    needs: ["recipients.manage"],
    attack: () => ({ form: { key: "attacker-recipient", country: "", nameEn: "Attacker", nameFa: "", salutationEn: "Excellency", salutationFa: "عالیجناب", email: "attacker@evil.example", status: "active" } }),
    representative: true,
    permitted: (_d, who) => ({
      form: { key: `access-new-${slugOf(who.label)}`, country: "", nameEn: `New recipient ${who.label}`, nameFa: "", salutationEn: "Excellency", salutationFa: "عالیجناب", email: `${slugOf(who.label)}@example.net`, status: "unverified" },
      status: 303,
      location: /^\/staff\/recipients\/\d+\?saved=created$/,
    }),
  },
  {
    file: r(".recipients.groups.tsx"),
    method: "POST",
    intent: "save",
    path: () => "/staff/recipients/groups",
    needs: ["recipients.manage"],
    attack: () => ({ form: { intent: "save", mode: "create", key: "attacker-group", nameEn: "Attacker", nameFa: "مهاجم", more: "FR" } }),
    representative: true,
    permitted: (_d, who) => ({
      form: { intent: "save", mode: "create", key: `access-${slugOf(who.label)}`, nameEn: `Group of ${who.label}`, nameFa: "گروه آزمون", more: "FR DE" },
      status: 303,
      location: `/staff/recipients/groups?saved=access-${slugOf(who.label)}`,
    }),
  },
  {
    file: r(".recipients.groups.tsx"),
    method: "POST",
    intent: "delete",
    path: () => "/staff/recipients/groups",
    needs: ["recipients.manage"],
    attack: (d) => ({ form: { intent: "delete", key: d.groupKey } }),
    permitted: (d, who) => ({
      form: { intent: "delete", key: `access-${slugOf(who.label)}` },
      status: 303,
      location: `/staff/recipients/groups?deleted=access-${slugOf(who.label)}`,
      verify: () => expect(d.db.select().from(schema.targetGroups).where(eq(schema.targetGroups.key, `access-${slugOf(who.label)}`)).get()).toBeUndefined(),
    }),
  },
  {
    file: r(".recipients.import.tsx"),
    method: "POST",
    intent: "preview",
    path: () => "/staff/recipients/import",
    needs: ["recipients.manage"],
    attack: (d) => ({ multipart: importApply(d, "attacker-import") }),
    representative: true,
    permitted: (_d, who) => ({
      multipart: { intent: "preview", kind: "ny", format: "csv", file: { name: "recipients.csv", mimeType: "text/csv", buffer: Buffer.from(importCsv(`access-preview-${slugOf(who.label)}`)) } },
      status: 200,
      verify: async (response) => expect(await response.text()).toContain(`access-preview-${slugOf(who.label)}`),
    }),
  },
  {
    file: r(".recipients.import.tsx"),
    method: "POST",
    intent: "apply",
    path: () => "/staff/recipients/import",
    needs: ["recipients.manage"],
    attack: (d) => ({ multipart: importApply(d, "attacker-import") }),
    permitted: (d, who) => ({ multipart: importApply(d, `access-import-${slugOf(who.label)}`), status: 303, location: /\?added=1&changed=0$/ }),
  },
  {
    file: r(".signatures.tsx"),
    method: "POST",
    intent: "invalidate",
    path: () => "/staff/signatures",
    needs: ["signatures.manage"],
    attack: (d) => ({ form: { intent: "invalidate", id: String(d.signatureId), reason: "attack" } }),
    representative: true,
    permitted: (d) => ({ form: { intent: "invalidate", id: String(d.signatureId), reason: "access test" }, status: 200, verify: () => expect(signatureStatus(d)).toBe("invalidated") }),
  },
  {
    file: r(".signatures.tsx"),
    method: "POST",
    intent: "restore",
    path: () => "/staff/signatures",
    needs: ["signatures.manage"],
    attack: () => ({ form: { intent: "restore-all", status: "invalidated" } }),
    permitted: (d) => ({ form: { intent: "restore", id: String(d.signatureId) }, status: 200, verify: () => expect(signatureStatus(d)).toBe("confirmed") }),
  },
  {
    file: r(".signatures.tsx"),
    method: "POST",
    intent: "invalidate-all",
    path: () => "/staff/signatures",
    needs: ["signatures.manage"],
    attack: () => ({ form: { intent: "invalidate-all", status: "confirmed", reason: "attack" } }),
    // Without any search criterion "all" is refused.
    permitted: () => ({ form: { intent: "invalidate-all", reason: "access test" }, status: 400 }),
  },
  {
    file: r(".signatures.tsx"),
    method: "POST",
    intent: "restore-all",
    path: () => "/staff/signatures",
    needs: ["signatures.manage"],
    attack: () => ({ form: { intent: "restore-all", status: "invalidated" } }),
    permitted: () => ({ form: { intent: "restore-all", email: "nobody-access@example.org" }, status: 200 }),
  },
  {
    file: r(".users.tsx"),
    method: "POST",
    intent: "invite",
    path: () => "/staff/users",
    needs: ["staff.manage"],
    attack: () => ({ form: { intent: "invite", roles: "admin" } }),
    representative: true,
    permitted: () => ({ form: { intent: "invite", roles: "viewer" }, status: 200, verify: async (response) => expect(await response.text()).toMatch(/\/staff\/setup\/[A-Za-z0-9_-]{40,}/) }),
  },
  {
    file: r(".users.tsx"),
    method: "POST",
    intent: "disable",
    path: () => "/staff/users",
    needs: ["staff.manage"],
    attack: (d) => ({ form: { intent: "disable", userId: String(d.adminId) } }),
    // A disabled account's sessions end at once.
    permitted: (d) => ({ form: { intent: "disable", userId: String(d.spare.id) }, status: 200, verify: () => expectSignedOut(d.spare.api) }),
  },
  {
    file: r(".users.tsx"),
    method: "POST",
    intent: "enable",
    path: () => "/staff/users",
    needs: ["staff.manage"],
    attack: (d) => ({ form: { intent: "enable", userId: String(d.disabledId) } }),
    permitted: (d) => ({ form: { intent: "enable", userId: String(d.spare.id) }, status: 200 }),
  },
  {
    file: r(".users.tsx"),
    method: "POST",
    intent: "roles",
    path: () => "/staff/users",
    needs: ["staff.manage"],
    // Making oneself an administrator.
    attack: (_d, who) => ({ form: { intent: "roles", userId: String(who?.id ?? 1), roles: "admin" } }),
    permitted: (d) => ({
      form: { intent: "roles", userId: String(d.spare.id), roles: "campaigner" },
      status: 200,
      verify: () => expect(findStaffByEmail(d.db, d.spare.staff.email)!.roles).toEqual(["campaigner"]),
    }),
  },
  {
    file: r("_.login._index.tsx"),
    method: "POST",
    path: () => "/staff/login",
    needs: ["public"],
    attack: () => ({ form: { email: "nobody@staff.example.org", password: "not the password at all" } }),
    anonymous: { status: 400 },
    skip: "signing in again replaces the session (tests: session fixation, brute force)",
  },
  {
    file: r("_.login.two-factor.tsx"),
    method: "POST",
    path: () => "/staff/login/two-factor",
    needs: ["public"],
    attack: () => ({ form: { code: "000000" } }),
    // Refused, and the page then sends to the login: there is no sign-in waiting for a code.
    anonymous: { status: 302, location: "/staff/login" },
    permitted: () => ({ form: { code: "000000" }, status: 302, location: "/staff/login" }),
  },
  {
    file: r("_.setup.$token.tsx"),
    method: "POST",
    path: () => `/staff/setup/${madeUpToken}`,
    needs: ["public"],
    attack: () => ({ form: { name: "Intruder", email: "intruder@staff.example.org", password: "a long enough passphrase for this" } }),
    anonymous: { status: 400 },
    permitted: () => ({ form: { name: "Intruder", email: "intruder@staff.example.org", password: "a long enough passphrase for this" }, status: 400 }),
  },
];

// ---- helpers --------------------------------------------------------------------------------------------

function isPermitted(entry: Entry, roles: readonly StaffRole[]) {
  const granted = new Set(roles.flatMap((role) => matrix[role]));
  return entry.needs.every((need) => need === "public" || need === "signed-in" || granted.has(need));
}

function describeEntry(entry: Entry) {
  return `${entry.method} ${entry.file}${entry.block ? ` block=${entry.block}` : ""}${entry.intent ? ` intent=${entry.intent}` : ""}`;
}

async function send(api: APIRequestContext, entry: Entry, url: string, body: Body = {}, headers: Record<string, string> = {}) {
  if (entry.method === "GET") return api.get(url, { maxRedirects: 0, headers });
  if (body.multipart) return api.post(url, { multipart: body.multipart, maxRedirects: 0, headers });
  return api.post(url, { form: body.form ?? {}, maxRedirects: 0, headers });
}

function localized(prefix: string, location: string) {
  return location === "/" ? prefix || "/" : `${prefix}${location}`;
}

async function expectOutcome(response: APIResponse, outcome: Outcome, prefix: string, what: string) {
  expect(response.status(), what).toBe(outcome.status);
  const location = response.headers()["location"];
  if (typeof outcome.location === "string") expect(location, what).toBe(localized(prefix, outcome.location));
  else if (outcome.location) expect(location, what).toMatch(outcome.location);
  if (outcome.contentType) expect(response.headers()["content-type"], what).toMatch(outcome.contentType);
  // Nothing the staff area shows is ever stored by a cache, its refusals included.
  if (response.status() === 200 || response.status() >= 400) expect(response.headers()["cache-control"] ?? "(none)", what).toMatch(/no-store/);
}

/**
 * A digest of everything stored, table by table, except what signing in and reading pages touch (sessions,
 * the audit log — checked separately —, and the sign-in counters and two-factor fields of staff accounts).
 */
function fingerprint(database: Db): Record<string, string> {
  const client = database.$client;
  const digest = (rows: unknown) => crypto.createHash("sha256").update(JSON.stringify(rows)).digest("base64url");
  const tables = client
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT IN ('staff_sessions', 'audit_log', 'staff_users') ORDER BY name")
    .pluck()
    .all() as string[];
  const result: Record<string, string> = {};
  for (const table of tables) {
    const where = table === "sqlite_sequence" ? " WHERE name NOT IN ('staff_sessions', 'audit_log')" : "";
    result[table] = digest(client.prepare(`SELECT * FROM "${table}"${where} ORDER BY rowid`).raw().all());
  }
  result.staff_users = digest(client.prepare("SELECT id, email_hash, name, password_hash, roles, disabled_at FROM staff_users ORDER BY id").raw().all());
  return result;
}

function auditMark(database: Db): number {
  return database.select({ id: sql<number>`coalesce(max(${schema.auditLog.id}), 0)` }).from(schema.auditLog).get()!.id;
}

function auditSince(database: Db, mark: number): string[] {
  return database
    .select({ action: schema.auditLog.action })
    .from(schema.auditLog)
    .where(sql`${schema.auditLog.id} > ${mark}`)
    .all()
    .map((a) => a.action);
}

/**
 * Runs a write of the test's own on the running server's database, again if the server wrote between its read
 * and its write (SQLite then refuses the upgrade of the snapshot at once, whatever the busy timeout).
 */
function retryBusy<T>(write: () => T): T {
  for (let attempt = 1; ; attempt++) {
    try {
      return write();
    } catch (error) {
      if (!String((error as { code?: string }).code).startsWith("SQLITE_BUSY") || attempt >= 50) throw error;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
    }
  }
}

/** A confirmed signature (through a confirmation token of our own, as the emailed link would). */
function confirmedSignature(database: Db, comment?: string): number {
  const found = findPetition(database, petitionSlug)!;
  const email = uniqueEmail("access");
  const input = { fullName: "Access Tester", email, country: "NL", comment: comment ?? "", showPublicly: false, wantsUpdates: false };
  expect(retryBusy(() => signPetition(database, found, input, { locale: "en", ipHash: null, powVerified: false }))).toBe("created");
  const id = database.select({ id: schema.signatures.id }).from(schema.signatures).orderBy(desc(schema.signatures.id)).limit(1).get()!.id;
  const token = retryBusy(() => issueSignatureToken(database, id, "confirm"));
  expect(retryBusy(() => confirmSignature(database, token)).status).toBe("confirmed");
  return id;
}

function failedMessage(database: Db, label: string): number {
  return retryBusy(() => insertFailedMessage(database, label));
}

function insertFailedMessage(database: Db, label: string): number {
  return database
    .insert(schema.outbox)
    .values({
      template: "signature-confirm",
      locale: "en",
      recipientKey: `access-${label}`,
      status: "failed",
      attempts: 8,
      nextAttemptAt: new Date(),
      lastError: "550 5.1.1 mailbox unavailable",
      messageId: `<access-${slugOf(label)}-${Date.now()}@platform.test>`,
    })
    .returning({ id: schema.outbox.id })
    .get().id;
}

async function waitForOutbox(database: Db) {
  await expect
    .poll(() => database.select({ n: sql<number>`count(*)` }).from(schema.outbox).where(sql`${schema.outbox.status} IN ('queued', 'sending')`).get()!.n, {
      message: "the server delivers the emails queued while arranging the data",
      timeout: 30_000,
    })
    .toBe(0);
}

async function newApi(server: AppServer) {
  return playwrightRequest.newContext({ baseURL: server.url });
}

async function signedIn(server: AppServer, database: Db, roles: StaffRole[], label = roles.join("+")): Promise<Who> {
  const staff = await createStaff(server, roles, { twoFactor: requiresTwoFactor(roles) });
  const api = await newApi(server);
  await signInRequest(api, staff);
  return { label, roles, staff, id: findStaffByEmail(database, staff.email)!.id, api };
}

// ---- the table is complete ------------------------------------------------------------------------------

baseTest("the table lists every staff route, each of its loaders and actions, and every intent its forms post", () => {
  const routesDir = path.join(projectRoot, "app", "routes");
  const sources = new Map<string, string>();
  for (const name of fs.readdirSync(routesDir)) {
    if (!name.split(".").some((segment) => segment === "staff" || segment === "staff_")) continue;
    const full = path.join(routesDir, name);
    const file = fs.statSync(full).isDirectory() ? ["route.tsx", "route.ts"].map((f) => path.join(full, f)).find((f) => fs.existsSync(f)) : full;
    if (file) sources.set(name, fs.readFileSync(file, "utf8"));
  }
  expect(sources.size, "staff routes found").toBeGreaterThan(20);
  expect([...new Set(table.map((e) => e.file))].sort(), "route files in the table").toEqual([...sources.keys()].sort());

  const all = (source: string, pattern: RegExp) => [...source.matchAll(pattern)].map((m) => m[1]!);
  for (const [file, source] of sources) {
    const entries = table.filter((e) => e.file === file);
    const exports = (name: string) => new RegExp(`export (async )?function ${name}\\b|export const ${name}\\b`).test(source);
    expect(entries.some((e) => e.method === "GET"), `${file}: a GET entry exactly when it has a loader`).toBe(exports("loader"));
    expect(entries.some((e) => e.method === "POST"), `${file}: a POST entry exactly when it has an action`).toBe(exports("action"));

    // Every intent (and content block) the route's forms post or its action tests for has an entry.
    const posted = table.filter((e) => e.method === "POST" && (e.file === file || e.formIn === file));
    const intents = new Set([...all(source, /name="intent" value="([^"]+)"/g), ...all(source, /intent"?\)? [!=]== "([^"]+)"/g)]);
    const switchBlock = source.match(/switch \(block\) \{([\s\S]*?)default:/)?.[1] ?? "";
    const blocks = new Set([...all(source, /name="block" value="([^"]+)"/g), ...all(source, /block === "([^"]+)"/g), ...all(switchBlock, /case "([^"]+)"/g)]);
    expect([...intents].filter((i) => !posted.some((e) => e.intent === i)), `${file}: intents without an entry`).toEqual([]);
    expect([...blocks].filter((b) => !posted.some((e) => e.block === b)), `${file}: blocks without an entry`).toEqual([]);

    // Each action that needs a permission has a representative request that must really succeed.
    const guarded = entries.filter((e) => e.method === "POST" && !e.skip && !e.needs.includes("public"));
    if (guarded.length) expect(guarded.some((e) => e.representative), `${file}: a representative action`).toBe(true);
    for (const e of entries.filter((x) => x.method === "POST")) expect(e.attack, `${describeEntry(e)}: the request refused users send`).toBeDefined();
  }
});

baseTest("the role matrix in app/staff/permissions.ts is the one specified here (ADR 0017)", () => {
  expect(Object.keys(rolePermissions).sort()).toEqual([...staffRoles].sort());
  for (const role of staffRoles) expect([...rolePermissions[role]].sort(), role).toEqual([...matrix[role]].sort());
});

// ---- the sweeps, and sessions, on a server of this file's own -------------------------------------------

baseTest.describe("access control", () => {
  baseTest.describe.configure({ mode: "serial", timeout: 120_000 });
  let server: AppServer;
  let d: Data;
  const crowd: Who[] = [];

  baseTest.beforeAll(async () => {
    baseTest.setTimeout(120_000);
    server = await new AppServer().start();
    const started = Date.now();
    useServerKeys(server);
    const database = openServerDatabase(server);
    for (const roles of people) crowd.push(await signedIn(server, database, roles));
    const spare = await signedIn(server, database, ["viewer"], "spare");
    const disabled = await createStaff(server, ["viewer"], { twoFactor: false });
    const disabledId = findStaffByEmail(database, disabled.email)!.id;
    database.update(schema.staffUsers).set({ disabledAt: new Date() }).where(eq(schema.staffUsers.id, disabledId)).run();

    const labels = [...crowd.map((w) => w.label), "nobody"];
    const comments = new Map(labels.map((label) => [label, confirmedSignature(database, `A comment for ${label} to moderate`)]));
    const failedMessages = new Map(labels.map((label) => [label, failedMessage(database, label)]));
    const adminId = crowd.find((w) => w.label === "admin")!.id;
    const groupKey = "access-fixture-group";
    expect(saveTargetGroup(database, { mode: "create", key: groupKey, nameEn: "Access fixture", nameFa: "گروه آزمون", members: [], more: "FR DE", updatedAt: "" }, { userId: adminId, ipHash: null }).status).toBe(
      "saved",
    );
    const recipient = database.select().from(schema.recipients).where(eq(schema.recipients.kind, "mission_ny")).orderBy(schema.recipients.id).limit(1).get()!;
    d = {
      db: database,
      server,
      campaignId: getCampaignForEditing(database, campaignSlug, "en")!.campaign.id,
      petitionId: findPetition(database, petitionSlug)!.petition.id,
      recipientId: recipient.id,
      signatureId: confirmedSignature(database),
      comments,
      failedMessages,
      groupKey,
      adminId,
      spare,
      disabledId,
    };
    await waitForOutbox(database);
    // The retention job runs 10 seconds after the start (then hourly): let it remove the used invitations now,
    // not in the middle of a sweep that checks nothing changed.
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, started + 12_000 - Date.now())));
  });

  // Other tests of this worker may have pointed the key file elsewhere.
  baseTest.beforeEach(() => useServerKeys(server));

  baseTest.afterAll(async () => {
    for (const who of [...crowd, d?.spare]) await who?.api.dispose();
    d?.db.$client.close();
    await server?.stop();
  });

  baseTest("without a session: every page sends to the login, every action is refused, and nothing changes", async () => {
    const api = await newApi(server);
    const before = fingerprint(d.db);
    const mark = auditMark(d.db);
    for (const prefix of ["", "/fa"]) {
      for (const entry of table) {
        const url = `${prefix}${entry.path(d)}`;
        const response = await send(api, entry, url, entry.attack?.(d, null));
        const expected: Outcome =
          entry.anonymous ??
          (entry.method === "GET" ? { status: 302, location: `/staff/login?next=${encodeURIComponent(url)}` } : { status: 401 });
        await expectOutcome(response, expected, prefix, `${describeEntry(entry)} ${url}`);
      }
    }
    expect(fingerprint(d.db)).toEqual(before);
    // Only the two failed sign-in attempts of the table (English and Persian) are written down.
    expect(auditSince(d.db, mark)).toEqual(["staff.login_failed", "staff.login_failed"]);
    await api.dispose();
  });

  for (const roles of people) {
    const label = roles.join("+");
    const who = () => crowd.find((w) => w.label === label)!;

    baseTest(`${label}: each page is 200 where the table allows it and 403 elsewhere`, async () => {
      const checked: string[] = [];
      for (const entry of table.filter((e) => e.method === "GET" && !e.skip)) {
        const expected: Outcome = isPermitted(entry, roles) ? ((await entry.permitted?.(d, who())) ?? { status: 200 }) : { status: 403 };
        const response = await send(who().api, entry, entry.path(d));
        await expectOutcome(response, expected, "", `${label} ${describeEntry(entry)}`);
        checked.push(`${entry.path(d)} ${response.status()}`);
      }
      expect(checked.length).toBe(table.filter((e) => e.method === "GET").length);
    });

    baseTest(`${label}: each action it may not take is 403 and changes nothing`, async () => {
      const refused = table.filter((e) => e.method === "POST" && !isPermitted(e, roles));
      const before = fingerprint(d.db);
      const mark = auditMark(d.db);
      for (const entry of refused) {
        const response = await send(who().api, entry, entry.path(d), entry.attack!(d, who()));
        await expectOutcome(response, { status: 403 }, "", `${label} ${describeEntry(entry)}`);
      }
      expect(fingerprint(d.db)).toEqual(before);
      expect(auditSince(d.db, mark)).toEqual([]);
      // The session still works: a refusal is not a sign-out.
      expect((await who().api.get("/staff/account", { maxRedirects: 0 })).status()).toBe(200);
    });

    baseTest(`${label}: each action it may take is let through, and one per route really succeeds`, async () => {
      const allowed = table.filter((e) => e.method === "POST" && !e.skip && isPermitted(e, roles));
      const expectedPermissions = new Set(roles.flatMap((role) => matrix[role]));
      for (const entry of allowed) {
        const attempt = await entry.permitted!(d, who());
        const response = await send(who().api, entry, entry.path(d), attempt);
        await expectOutcome(response, attempt, "", `${label} ${describeEntry(entry)}`);
        await attempt.verify?.(response);
      }
      // Every permission this person has was exercised by at least one action or page.
      const exercised = new Set(table.filter((e) => isPermitted(e, roles)).flatMap((e) => e.needs));
      for (const permission of expectedPermissions) expect(exercised.has(permission), permission).toBe(true);
    });
  }

  baseTest("a cross-site POST is refused before any route code runs, with a session or without", async () => {
    const admin = crowd.find((w) => w.label === "admin")!;
    const anonymous = await newApi(server);
    const before = fingerprint(d.db);
    const mark = auditMark(d.db);
    const signatures = () => d.db.select({ n: sql<number>`count(*)` }).from(schema.signatures).get()!.n;
    const count = signatures();
    const foreign: Record<string, string>[] = [
      { origin: "https://evil.example", "sec-fetch-site": "cross-site" },
      { "sec-fetch-site": "cross-site" },
      { "sec-fetch-site": "same-site", origin: "https://sub.platform.example" },
      // An old browser without Fetch Metadata: the Origin header alone.
      { origin: "https://evil.example" },
    ];
    const signer = { fullName: "Cross Site", email: uniqueEmail("cross-site"), country: "IE" };
    for (const headers of foreign) {
      const staffPost = await admin.api.post("/staff/signatures", { form: { intent: "invalidate-all", status: "confirmed", reason: "csrf" }, headers, maxRedirects: 0 });
      expect(staffPost.status(), JSON.stringify(headers)).toBe(403);
      expect(await staffPost.text()).toContain("Request refused");
      const publicPost = await anonymous.post(`${petitionPath}?index`, { form: signer, headers, maxRedirects: 0 });
      expect(publicPost.status(), JSON.stringify(headers)).toBe(403);
      const fa = await anonymous.post(`/fa${petitionPath}?index`, { form: signer, headers, maxRedirects: 0 });
      expect(fa.status()).toBe(403);
      expect(fa.headers()["content-type"]).toMatch(/^text\/html/);
    }
    expect(fingerprint(d.db)).toEqual(before);
    expect(auditSince(d.db, mark)).toEqual([]);
    expect(signatures()).toBe(count);

    // The same requests from the platform's own pages are let through.
    const same = { origin: server.url, "sec-fetch-site": "same-origin" };
    const staffPost = await admin.api.post("/staff/signatures", { form: { intent: "restore-all", email: "nobody-access@example.org" }, headers: same, maxRedirects: 0 });
    expect(staffPost.status()).toBe(200);
    const publicPost = await anonymous.post(`${petitionPath}?index`, { form: signer, headers: same, maxRedirects: 0 });
    expect(publicPost.status()).toBe(303);
    expect(signatures()).toBe(count + 1);
    await anonymous.dispose();
  });

  baseTest("session fixation: a planted session id, even a live one, never becomes the signed-in session", async () => {
    // An attacker signs in with an account of their own and plants that session's cookie in a victim's browser.
    const attacker = await signedIn(server, d.db, ["viewer"], "attacker");
    const planted = (await staffCookieValue(attacker.api))!;
    const victim = await createStaff(server, ["admin"]);
    const browser = await newApi(server);
    const password = await browser.post("/staff/login", {
      form: { email: victim.email, password: victim.password, next: "" },
      headers: { cookie: `${staffCookieName}=${planted}` },
      maxRedirects: 0,
    });
    expect(password.status()).toBe(303);
    const pending = (await staffCookieValue(browser))!;
    expect(pending).not.toBe(planted);
    // The planted session was ended by the sign-in: the attacker's cookie is worth nothing now.
    await expectSignedOut(attacker.api);
    const usedCode = await nextCode(victim.totpSecret!);
    const code = await browser.post("/staff/login/two-factor", { form: { code: usedCode, next: "" }, maxRedirects: 0 });
    expect(code.status()).toBe(303);
    const signedInCookie = (await staffCookieValue(browser))!;
    expect(new Set([planted, pending, signedInCookie]).size).toBe(3);
    expect((await browser.get("/staff/users", { maxRedirects: 0 })).status()).toBe(200);
    // Neither the planted id nor the pending one reaches the victim's session.
    const outsider = await newApi(server);
    for (const value of [planted, pending]) {
      const response = await outsider.get("/staff/users", { headers: { cookie: `${staffCookieName}=${value}` }, maxRedirects: 0 });
      expect(response.status()).toBe(302);
      expect(response.headers()["location"]).toMatch(/^\/staff\/login/);
    }
    // A code is accepted once: someone who saw it (and has the password) cannot use it again.
    const onlooker = await newApi(server);
    expect((await onlooker.post("/staff/login", { form: { email: victim.email, password: victim.password, next: "" }, maxRedirects: 0 })).status()).toBe(303);
    const replayed = await onlooker.post("/staff/login/two-factor", { form: { code: usedCode, next: "" }, maxRedirects: 0 });
    expect(replayed.status(), "a used code replayed").toBe(400);
    expect((await onlooker.get("/staff", { maxRedirects: 0 })).status()).toBe(302);
    for (const api of [attacker.api, browser, outsider, onlooker]) await api.dispose();
  });

  baseTest("made-up, malformed and pending session cookies give no access, and never an error", async () => {
    const api = await newApi(server);
    const made = [
      staffCookieFor(crypto.randomBytes(32).toString("base64url")),
      staffCookieFor("A".repeat(43)),
      staffCookieFor("' OR 1=1 --"),
      Buffer.from("12345").toString("base64"),
      Buffer.from(JSON.stringify({ id: 1 })).toString("base64"),
      "not base64 at all %%%",
      "A".repeat(5000),
    ];
    for (const value of made) {
      const headers = { cookie: `${staffCookieName}=${value}` };
      const get = await api.get("/staff/users", { headers, maxRedirects: 0 });
      expect(get.status(), value.slice(0, 40)).toBe(302);
      expect(get.headers()["location"]).toBe("/staff/login?next=%2Fstaff%2Fusers");
      const post = await api.post("/staff/users", { headers, form: { intent: "invite", roles: "admin" }, maxRedirects: 0 });
      expect(post.status(), value.slice(0, 40)).toBe(401);
    }
    // A session that has passed the password but not the two-factor code grants nothing yet.
    const exporter = await createStaff(server, ["exporter"]);
    const pending = await newApi(server);
    expect((await pending.post("/staff/login", { form: { email: exporter.email, password: exporter.password, next: "" }, maxRedirects: 0 })).status()).toBe(303);
    expect((await pending.get("/staff/exports", { maxRedirects: 0 })).headers()["location"]).toMatch(/^\/staff\/login\?next=/);
    expect((await pending.post("/staff/exports/download", { form: exportForm("signatures"), maxRedirects: 0 })).status()).toBe(401);
    expect((await pending.post("/staff/two-factor", { form: { code: await nextCode(exporter.totpSecret!) }, maxRedirects: 0 })).status()).toBe(401);
    await Promise.all([api.dispose(), pending.dispose()]);
  });

  baseTest("credentials at rest: argon2id password hashes, encrypted TOTP secrets, sessions stored as hashes", async () => {
    const admin = crowd.find((w) => w.label === "admin")!;
    const row = findStaffByEmail(d.db, admin.staff.email)!;
    // OWASP's minimum for argon2id (ADR 0017): 19 MiB, two passes, one lane.
    expect(row.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,p=1,t=2\$/);
    expect(row.passwordHash).not.toContain(admin.staff.password);
    const raw = d.db.$client.prepare("SELECT * FROM staff_users WHERE id = ?").get(row.id) as Record<string, unknown>;
    const stored = Object.values(raw)
      .map((v) => (Buffer.isBuffer(v) ? v.toString("latin1") : String(v)))
      .join("\n");
    expect(stored).not.toContain(admin.staff.totpSecret!);
    expect(stored).not.toContain(admin.staff.email);
    // The cookie holds a random id; the database only its SHA-256.
    const id = JSON.parse(Buffer.from((await staffCookieValue(admin.api))!, "base64").toString("utf8")) as string;
    expect(id).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const sessions = d.db.select().from(schema.staffSessions).where(eq(schema.staffSessions.userId, row.id)).all();
    expect(sessions.map((x) => x.idHash)).toContain(crypto.createHash("sha256").update(id).digest("base64url"));
    expect(JSON.stringify(sessions)).not.toContain(id);
  });

  baseTest("after sign-out the old cookie gives no access; sign out everywhere ends every session of that account, only", async () => {
    const staff = await createStaff(server, ["campaigner"], { twoFactor: false });
    const [first, second, third] = await Promise.all([newApi(server), newApi(server), newApi(server)]);
    for (const api of [first!, second!, third!]) await signInRequest(api, staff);
    const firstCookie = (await staffCookieValue(first!))!;
    const replay = { cookie: `${staffCookieName}=${firstCookie}` };
    const outsider = await newApi(server);

    // Sign out in one browser: that cookie is dead on the server, not only deleted in the browser.
    const out = await first!.post("/staff/logout", { maxRedirects: 0 });
    expect(out.status()).toBe(302);
    expect(out.headers()["set-cookie"]).toMatch(new RegExp(`^${staffCookieName}=;.*Max-Age=0`, "i"));
    expect((await outsider.get("/staff/outbox", { headers: replay, maxRedirects: 0 })).status()).toBe(302);
    expect((await outsider.post("/staff/outbox", { headers: replay, form: { intent: "retry", id: "1" }, maxRedirects: 0 })).status()).toBe(401);
    expect((await second!.get("/staff/outbox", { maxRedirects: 0 })).status()).toBe(200);

    // "Sign out everywhere" from the second browser ends the third one's session too, and nobody else's.
    const secondCookie = (await staffCookieValue(second!))!;
    const everywhere = await second!.post("/staff/account?index", { maxRedirects: 0 });
    expect(everywhere.status()).toBe(303);
    expect(everywhere.headers()["location"]).toBe("/staff/login");
    await expectSignedOut(third!);
    expect((await outsider.get("/staff", { headers: { cookie: `${staffCookieName}=${secondCookie}` }, maxRedirects: 0 })).status()).toBe(302);
    const id = findStaffByEmail(d.db, staff.email)!.id;
    expect(d.db.select().from(schema.staffSessions).where(eq(schema.staffSessions.userId, id)).all()).toEqual([]);
    expect((await crowd.find((w) => w.label === "viewer")!.api.get("/staff", { maxRedirects: 0 })).status()).toBe(200);
    const actions = d.db.select().from(schema.auditLog).where(eq(schema.auditLog.userId, id)).all().map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(["staff.logout", "staff.logout_everywhere"]));
    for (const api of [first!, second!, third!, outsider]) await api.dispose();
  });
});

// ---- brute force, on a server of its own (the throttles are in its memory) ---------------------------------

baseTest.describe("sign-in brute force", () => {
  baseTest.describe.configure({ mode: "serial", timeout: 120_000 });
  let server: AppServer;

  baseTest.beforeAll(async () => {
    server = await new AppServer().start();
  });
  baseTest.afterAll(async () => {
    await server?.stop();
  });

  baseTest("from one address, guesses across many accounts are throttled, whatever X-Forwarded-For says", async () => {
    const staff = await createStaff(server, ["viewer"], { twoFactor: false });
    const api = await newApi(server);
    let refusedAfter = -1;
    let throttled: APIResponse | null = null;
    for (let i = 0; i < 40 && !throttled; i++) {
      // Each guess names another account (the per-account lock never starts), from a "different" address.
      const response = await api.post("/staff/login", {
        form: { email: `guess-${i}@staff.example.org`, password: `guessed password ${i}` },
        headers: { "x-forwarded-for": `203.0.113.${i + 1}` },
        maxRedirects: 0,
      });
      if (response.status() === 429) {
        throttled = response;
        refusedAfter = i;
      } else expect(response.status()).toBe(400);
    }
    // 30 attempts per 15 minutes per address on a local trial (10 in production: ADR 0017).
    expect(refusedAfter).toBe(30);
    expect(Number(throttled!.headers()["retry-after"])).toBeGreaterThan(0);
    expect(await throttled!.text()).toContain("Too many attempts");
    // While the address is throttled even the right password is refused.
    const right = await api.post("/staff/login", { form: { email: staff.email, password: staff.password }, maxRedirects: 0 });
    expect(right.status()).toBe(429);
    const database = openServerDatabase(server);
    expect(database.select().from(schema.auditLog).where(eq(schema.auditLog.action, "staff.login_throttled")).all().length).toBeGreaterThanOrEqual(2);
    database.$client.close();
    await api.dispose();
  });

  baseTest("concurrent wrong passwords lock the account all the same", async () => {
    // A fresh start: the per-address throttle (in memory) begins again.
    await server.stop();
    await server.start();
    const staff = await createStaff(server, ["viewer"], { twoFactor: false });
    const api = await newApi(server);
    const guesses = await Promise.all(
      Array.from({ length: 20 }, (_, i) => api.post("/staff/login", { form: { email: staff.email, password: `wrong password number ${i}` }, maxRedirects: 0 })),
    );
    for (const response of guesses) expect([400, 429]).toContain(response.status());
    const right = await api.post("/staff/login", { form: { email: staff.email, password: staff.password }, maxRedirects: 0 });
    expect(right.status(), "the account is locked after five failures, however they arrived").toBe(429);
    const database = openServerDatabase(server);
    const account = findStaffByEmail(database, staff.email)!;
    expect(account.failedLogins).toBeGreaterThanOrEqual(5);
    expect(account.lockedUntil!.getTime()).toBeGreaterThan(Date.now());
    database.$client.close();
    await api.dispose();
  });

  baseTest("wrong two-factor codes count as failed sign-ins: five end the pending sign-in and lock the account", async () => {
    useServerKeys(server);
    const database = openServerDatabase(server);
    // A code that is none of those the server would accept now (the previous, current and next steps).
    const wrong = (secret: string) => {
      const step = Math.floor(Date.now() / 30_000);
      const valid = [-1, 0, 1, 2].map((k) => totpCodeForTests(secret, (step + k) * 30_000 + 1000));
      let code = Number(valid[1]!);
      do code = (code + 123_457) % 1_000_000;
      while (valid.includes(String(code).padStart(6, "0")));
      return String(code).padStart(6, "0");
    };

    // At sign-in, after the password: four wrong codes are answered on the page, the fifth ends the sign-in.
    const admin = await createStaff(server, ["admin"]);
    const api = await newApi(server);
    expect((await api.post("/staff/login", { form: { email: admin.email, password: admin.password, next: "" }, maxRedirects: 0 })).status()).toBe(303);
    for (let i = 1; i <= 5; i++) {
      const response = await api.post("/staff/login/two-factor", { form: { code: wrong(admin.totpSecret!), next: "" }, maxRedirects: 0 });
      expect(response.status(), `wrong code ${i}`).toBe(i < 5 ? 400 : 302);
      if (i === 5) expect(response.headers()["location"]).toBe("/staff/login");
    }
    const late = await api.post("/staff/login/two-factor", { form: { code: await nextCode(admin.totpSecret!), next: "" }, maxRedirects: 0 });
    expect([late.status(), late.headers()["location"]], "the right code, after five wrong ones, is too late").toEqual([302, "/staff/login"]);
    expect((await api.post("/staff/login", { form: { email: admin.email, password: admin.password, next: "" }, maxRedirects: 0 })).status(), "the account is locked").toBe(429);
    const adminId = findStaffByEmail(database, admin.email)!.id;
    expect(database.select().from(schema.staffSessions).where(eq(schema.staffSessions.userId, adminId)).all(), "no session of that account").toEqual([]);
    expect(database.select().from(schema.auditLog).where(and(eq(schema.auditLog.userId, adminId), eq(schema.auditLog.action, "staff.two_factor_failed"))).all()).toHaveLength(5);

    // Inside a session, before an export: a stolen session cookie does not buy unlimited guesses either.
    const exporter = await createStaff(server, ["exporter"]);
    const session = await newApi(server);
    await signInRequest(session, exporter);
    for (let i = 1; i <= 5; i++) {
      const response = await session.post("/staff/two-factor", { form: { code: wrong(exporter.totpSecret!), next: "/staff/exports" }, maxRedirects: 0 });
      expect(response.status(), `wrong code ${i}`).toBe(i < 5 ? 400 : 302);
    }
    await expectSignedOut(session);
    expect((await session.post("/staff/login", { form: { email: exporter.email, password: exporter.password, next: "" }, maxRedirects: 0 })).status()).toBe(429);
    database.$client.close();
    await Promise.all([api.dispose(), session.dispose()]);
  });
});

// ---- Content-Security-Policy, in a real browser (the fixture fails a test on any violation) --------------

test.describe("no Content-Security-Policy violation", () => {
  test.describe.configure({ timeout: 180_000 });

  function watchConsole(page: Page) {
    const messages: string[] = [];
    page.on("console", (message) => {
      if (/content.security.policy|refused to (load|execute|apply|connect|frame)/i.test(message.text())) messages.push(`${page.url()}: ${message.text()}`);
    });
    return messages;
  }

  async function visit(page: Page, url: string, violations: string[], consoleErrors: string[]) {
    // "load" comes after the module scripts have run (hydration starts there).
    const response = await page.goto(url, { waitUntil: "load" });
    expect(response!.status(), url).toBeLessThan(500);
    // Reports reach the test through a binding: give the last ones a moment.
    await page.waitForTimeout(100);
    expect(violations, url).toEqual([]);
    expect(consoleErrors, url).toEqual([]);
  }

  test("on every public page, in English and Persian, with JavaScript running", async ({ page, platform, cspViolations }) => {
    useServerKeys(platform.server);
    const database = openServerDatabase(platform.server);
    // Live links: a pending signature to confirm, and a confirmed one to withdraw.
    const found = findPetition(database, petitionSlug)!;
    const email = uniqueEmail("csp");
    const input = { fullName: "Csp Tester", email, country: "NL", comment: "", showPublicly: false, wantsUpdates: false };
    retryBusy(() => signPetition(database, found, input, { locale: "en", ipHash: null, powVerified: false }));
    const pendingId = database.select({ id: schema.signatures.id }).from(schema.signatures).orderBy(desc(schema.signatures.id)).limit(1).get()!.id;
    const confirm = { token: retryBusy(() => issueSignatureToken(database, pendingId, "confirm")) };
    const withdrawnId = confirmedSignature(database);
    const withdraw = { token: retryBusy(() => issueSignatureToken(database, withdrawnId, "withdraw")) };
    database.$client.close();

    const made = "m".repeat(43);
    const pages = [
      "/",
      `/campaigns/${campaignSlug}`,
      `/campaigns/${campaignSlug}/letters`,
      `/campaigns/${campaignSlug}/letters/check-email`,
      `/campaigns/${campaignSlug}/letters/sent`,
      `/letters/confirm/${made}`,
      `/letters/status/${made}`,
      petitionPath,
      `${petitionPath}/check-email`,
      `${petitionPath}/thanks`,
      `${petitionPath}/withdrawn`,
      `/signatures/confirm/${confirm.token}`,
      `/signatures/confirm/${made}`,
      `/signatures/withdraw/${withdraw.token}`,
      `/signatures/withdraw/${made}`,
      "/my-data",
      "/my-data/sent",
      `/my-data/erase/${made}`,
      `/unsubscribe/${made}`,
      "/privacy",
      "/mailbox",
      "/no-such-page",
      "/staff/login",
      `/staff/setup/${made}`,
    ];
    const consoleErrors = watchConsole(page);
    for (const prefix of ["", "/fa"]) for (const p of pages) await visit(page, `${prefix}${p === "/" && prefix ? "" : p}`, cspViolations, consoleErrors);
    await visit(page, `/recipients/opt-out/${made}`, cspViolations, consoleErrors);
    // The sign form with its proof of work running in the page.
    await page.goto(petitionPath);
    await page.getByLabel("Full name").fill("Csp Tester");
    await page.waitForTimeout(500);
    expect(cspViolations).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });

  test("on the staff pages, in English and Persian, with JavaScript running", async ({ page, platform, cspViolations }) => {
    useServerKeys(platform.server);
    const database = openServerDatabase(platform.server);
    const recipientId = database.select({ id: schema.recipients.id }).from(schema.recipients).orderBy(schema.recipients.id).limit(1).get()!.id;
    const invite = retryBusy(() => createInvite(database, { roles: ["viewer"], createdBy: null }));
    database.$client.close();
    const consoleErrors = watchConsole(page);
    const admin = await createStaff(platform.server, ["admin"]);
    await signIn(page, admin);
    const pages = [
      "/staff",
      "/staff/campaigns",
      `/staff/campaigns/${campaignSlug}`,
      `/staff/petitions/${petitionSlug}`,
      "/staff/letters",
      `/staff/letters/${campaignSlug}`,
      "/staff/recipients",
      "/staff/recipients/new",
      "/staff/recipients/groups",
      "/staff/recipients/import",
      `/staff/recipients/${recipientId}`,
      "/staff/signatures",
      "/staff/comments",
      "/staff/outbox",
      "/staff/exports",
      "/staff/users",
      "/staff/audit",
      "/staff/account",
      "/staff/two-factor",
    ];
    for (const prefix of ["", "/fa"]) for (const p of pages) await visit(page, `${prefix}${p}`, cspViolations, consoleErrors);
    await page.locator('form[action$="/staff/logout"] button').click();
    await expect(page).toHaveURL(/\/staff\/login/);

    // The invitation page, and two-factor enrolment (its QR code is drawn on the server).
    for (const prefix of ["", "/fa"]) await visit(page, `${prefix}/staff/setup/${invite}`, cspViolations, consoleErrors);
    const viewer = await createStaff(platform.server, ["viewer"], { twoFactor: false });
    await signIn(page, viewer);
    for (const prefix of ["", "/fa"]) await visit(page, `${prefix}/staff/account/two-factor`, cspViolations, consoleErrors);
  });
});
