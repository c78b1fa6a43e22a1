import fs from "node:fs";
import path from "node:path";
import { and, desc, eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { seedDemoRecipients } from "../../db/seed/demo";
import { findCampaign } from "~/campaigns/campaign.server";
import { confirmLetters, letterSettings, letterTemplate, recipientsFor, submitLetters } from "~/letters/letters.server";
import { decryptField } from "~/utils/crypto.server";
import { db, schema } from "~/utils/db.server";
import {
  applyRecipientsImport,
  changeRecipientStatus,
  createOtherRecipient,
  groupsOverview,
  groupValuesFromForm,
  letterTemplates,
  listLetterCampaigns,
  listRecipients,
  memberStatesByRegion,
  newRecipientValues,
  previewLetterTemplate,
  previewRecipientsImport,
  recipientFilters,
  recipientFiltersQuery,
  recipientValues,
  removeTargetGroup,
  saveLetterSettings,
  saveLetterTemplate,
  saveTargetGroup,
  settingsValues,
  settingsValuesFromForm,
  splitMembers,
  templateWarnings,
  updateRecipient,
  type GroupValues,
} from "./letters-admin.server";

const actor = { userId: null, ipHash: "test" };
const mixedCsv = fs.readFileSync(path.resolve("tests/fixtures/recipients-mixed.csv"));

function campaign() {
  return findCampaign(db(), { slug: "1988-massacre" })!;
}

function lastAudit(action: string) {
  return db().select().from(schema.auditLog).where(eq(schema.auditLog.action, action)).orderBy(desc(schema.auditLog.id)).limit(1).get();
}

function mission(kind: "mission_ny" | "mission_geneva", country: string) {
  return db()
    .select()
    .from(schema.recipients)
    .where(and(eq(schema.recipients.kind, kind), eq(schema.recipients.country, country)))
    .get()!;
}

function submit(email: string, states: string[]) {
  const c = campaign();
  return submitLetters(db(), {
    campaignId: c.id,
    campaignSlug: c.slug,
    recipients: recipientsFor(db(), states, [], "en"),
    letterLocale: "en",
    template: letterTemplate(db(), c.id, "en")!.value,
    writer: { name: "Test Writer", email, city: "Oslo", country: "NO", reachable: true },
    interfaceLocale: "en",
    ipHash: null,
    verifiedEmailHash: null,
    settings: letterSettings(db(), c.id),
  });
}

function confirmToken(email: string) {
  const rows = db().select().from(schema.outbox).where(eq(schema.outbox.template, "letter-confirm")).all();
  for (const row of rows.reverse()) {
    if (decryptField("outbox.to", row.toEnc!) !== email) continue;
    const match = decryptField("outbox.payload", row.payloadEnc!).match(/\/letters\/confirm\/([A-Za-z0-9_-]+)/);
    if (match) return match[1]!;
  }
  throw new Error("no confirmation");
}

function form(entries: [string, string][]) {
  const data = new FormData();
  for (const [k, v] of entries) data.append(k, v);
  return data;
}

beforeEach(() => {
  seedDemoRecipients(db());
});

describe("letter rules", () => {
  it("reads the rules form, saves with a version check, and refuses a stale version (409) without writing", () => {
    const c = campaign();
    const loaded = settingsValues(letterSettings(db(), c.id));
    const values = settingsValuesFromForm(
      form([
        ["enabled", "on"],
        ["maxLength", "۵۰۰۰"],
        ["recipientMode", "any_state"],
        ["groupId", ""],
        ["maxStates", "3"],
        ["maxLettersPerSupporter", "12"],
        ["version", String(loaded.version)],
      ]),
    );
    expect(values).toMatchObject({ enabled: true, editable: false, extraRecipientIds: [] });
    const saved = saveLetterSettings(db(), c.id, values, actor);
    expect(saved).toEqual({ status: "saved", version: loaded.version + 1 });
    expect(letterSettings(db(), c.id)).toMatchObject({ enabled: true, editable: false, maxLength: 5000, recipientMode: "any_state", maxStates: 3, maxLettersPerSupporter: 12 });
    expect(lastAudit("letters.settings_saved")).toMatchObject({ target: `campaign:${c.id}` });
    expect(lastAudit("letters.settings_saved")!.details).toMatchObject({ changed: { maxLength: { from: 4000, to: 5000 } } });

    // The same form again, still naming the version it was loaded with: someone else's save is not overwritten.
    const stale = saveLetterSettings(db(), c.id, { ...values, maxStates: "1" }, actor);
    expect(stale).toEqual({ status: "conflict", currentVersion: loaded.version + 1 });
    expect(letterSettings(db(), c.id).maxStates).toBe(3);

    // Back to the seeded rules, so that the other tests see them.
    const restored = saveLetterSettings(db(), c.id, { ...loaded, version: loaded.version + 1 }, actor);
    expect(restored.status).toBe("saved");
    expect(letterSettings(db(), c.id)).toMatchObject({ enabled: true, editable: true, maxLength: 4000, recipientMode: "residence" });
  });

  it("checks every limit, the group in group mode and the extra recipients", () => {
    const c = campaign();
    const loaded = settingsValues(letterSettings(db(), c.id));
    const result = saveLetterSettings(
      db(),
      c.id,
      { ...loaded, maxLength: "199", maxStates: "11", maxLettersPerSupporter: "0", recipientMode: "group", groupId: "", extraRecipientIds: [String(mission("mission_ny", "NO").id)] },
      actor,
    );
    expect(result).toEqual({
      status: "invalid",
      errors: {
        maxLength: "staffLetters.error.range",
        maxStates: "staffLetters.error.range",
        maxLettersPerSupporter: "staffLetters.error.range",
        groupId: "staffLetters.settings.error.groupRequired",
        extraRecipientIds: "staffLetters.settings.error.extras",
      },
    });
    expect(saveLetterSettings(db(), c.id, { ...loaded, maxLength: "20001", recipientMode: "nobody" }, actor)).toMatchObject({
      status: "invalid",
      errors: { maxLength: "staffLetters.error.range", recipientMode: "staffLetters.error.choose" },
    });
    expect(saveLetterSettings(db(), c.id, { ...loaded, recipientMode: "group", groupId: "99999" }, actor)).toMatchObject({
      status: "invalid",
      errors: { groupId: "staffLetters.settings.error.groupMissing" },
    });
    expect(letterSettings(db(), c.id).version).toBe(loaded.version);
  });

  it("lists the campaigns with their rules and template languages", () => {
    const [first] = listLetterCampaigns(db(), "fa");
    expect(first).toMatchObject({ slug: "1988-massacre", status: "published", templates: ["en", "fa"] });
    expect(first!.settings).toMatchObject({ enabled: true, recipientMode: "residence" });
  });
});

describe("letter templates", () => {
  it("saves a template with a version check and warns about unknown merge fields", () => {
    const c = campaign();
    const stored = letterTemplates(db(), c.id).en!;
    const values = { subject: "  A new   subject for {{state}} ", body: `${stored.body}\r\n\r\n{{supporter.nmae}}`, version: stored.version };
    expect(templateWarnings(values)).toEqual(["supporter.nmae"]);
    expect(saveLetterTemplate(db(), c.id, "en", values, actor)).toEqual({ status: "saved", version: stored.version + 1 });
    const now = letterTemplates(db(), c.id).en!;
    expect(now.subject).toBe("A new subject for {{state}}");
    expect(now.body).not.toContain("\r");
    expect(lastAudit("letters.template_saved")!.details).toMatchObject({ subjectChanged: true, unknownFields: ["supporter.nmae"] });

    // A second editor who loaded the older version is refused, and nothing changes.
    expect(saveLetterTemplate(db(), c.id, "en", { ...values, subject: "Theirs" }, actor)).toEqual({ status: "conflict", currentVersion: stored.version + 1 });
    expect(letterTemplates(db(), c.id).en!.subject).toBe("A new subject for {{state}}");

    expect(saveLetterTemplate(db(), c.id, "en", { subject: stored.subject, body: stored.body, version: stored.version + 1 }, actor).status).toBe("saved");
  });

  it("refuses an empty subject, a body over the campaign's maximum, and control characters", () => {
    const c = campaign();
    const stored = letterTemplates(db(), c.id).en!;
    expect(saveLetterTemplate(db(), c.id, "en", { subject: " ", body: "x".repeat(4001), version: stored.version }, actor)).toEqual({
      status: "invalid",
      errors: { subject: "staffLetters.error.required", body: "staffLetters.template.error.bodyTooLong" },
    });
    expect(saveLetterTemplate(db(), c.id, "en", { subject: "Hi\u202Ethere", body: "ok\u0007", version: stored.version }, actor)).toMatchObject({
      status: "invalid",
      errors: { subject: "staffLetters.error.invalidCharacters", body: "staffLetters.error.invalidCharacters" },
    });
    expect(letterTemplates(db(), c.id).en!.version).toBe(stored.version);
  });

  it("creates the template of a missing language once (a second creation is a conflict)", () => {
    const c = campaign();
    const fa = letterTemplates(db(), c.id).fa!;
    db().delete(schema.letterTemplates).where(and(eq(schema.letterTemplates.campaignId, c.id), eq(schema.letterTemplates.locale, "fa"))).run();
    expect(letterTemplates(db(), c.id).fa).toBeNull();
    const values = { subject: fa.subject, body: fa.body, version: 0 };
    expect(saveLetterTemplate(db(), c.id, "fa", values, actor)).toEqual({ status: "saved", version: 1 });
    expect(saveLetterTemplate(db(), c.id, "fa", values, actor)).toEqual({ status: "conflict", currentVersion: 1 });
    expect(lastAudit("letters.template_created")).toMatchObject({ target: `campaign:${c.id}:fa` });
  });

  it("previews the template filled for a sample recipient and writer, in the template's language", () => {
    const en = previewLetterTemplate(db(), "en", { subject: "To {{state}}", body: "{{salutation}},\n\n{{recipient}}\n\n{{supporter.name}}\n{{supporter.city}}, {{supporter.country}}" });
    expect(en.subject).toBe("To Norway");
    expect(en.body).toBe("Excellency,\n\nDEMO: Permanent Mission of Norway (New York)\n\nSample Writer\nSample City, Norway");
    const fa = previewLetterTemplate(db(), "fa", { subject: "به {{state}}", body: "{{salutation}}،\n{{supporter.name}}" });
    expect(fa.subject).toBe("به نروژ");
    expect(fa.body).toBe("عالیجناب،\nنویسندهٔ نمونه");
  });
});

describe("recipients", () => {
  beforeEach(() => {
    db().delete(schema.outbox).run();
    db().delete(schema.letterBatches).run();
  });

  it("blocking a recipient fails the letters queued for it and cancels their emails; active again only updates", () => {
    for (const email of ["w1@example.org", "w2@example.org"]) {
      expect(submit(email, ["CL"]).outcome).toBe("confirmation-sent");
      expect(confirmLetters(db(), confirmToken(email)).status).toBe("confirmed");
    }
    const ny = mission("mission_ny", "CL");
    const geneva = mission("mission_geneva", "CL");
    const lettersTo = (id: number) => db().select().from(schema.letters).where(eq(schema.letters.recipientId, id)).all();
    expect(lettersTo(ny.id).map((l) => l.status)).toEqual(["queued", "queued"]);

    const result = changeRecipientStatus(db(), ny.id, { status: "blocked", reason: "  wrong   address " }, actor);
    expect(result).toEqual({ status: "saved", from: "unverified", to: "blocked", failedLetters: 2 });
    expect(mission("mission_ny", "CL")).toMatchObject({ status: "blocked", statusReason: "wrong address", version: ny.version + 1 });
    expect(lettersTo(ny.id).map((l) => [l.status, l.failureReason])).toEqual([
      ["failed", "address blocked"],
      ["failed", "address blocked"],
    ]);
    const emails = db().select().from(schema.outbox).where(eq(schema.outbox.template, "letter")).all();
    const cancelled = emails.filter((e) => e.status === "cancelled");
    expect(cancelled).toHaveLength(2);
    expect(cancelled.every((e) => e.toEnc === null && e.payloadEnc === null)).toBe(true);
    // The Geneva mission of the same state is not touched.
    expect(lettersTo(geneva.id).map((l) => l.status)).toEqual(["queued", "queued"]);
    expect(lastAudit("recipients.status_changed")).toMatchObject({ target: `recipient:${ny.id}`, details: { from: "unverified", to: "blocked", failedLetters: 2 } });

    expect(changeRecipientStatus(db(), ny.id, { status: "active", reason: "" }, actor)).toMatchObject({ status: "saved", failedLetters: 0 });
    expect(mission("mission_ny", "CL")).toMatchObject({ status: "active", statusReason: null });
    expect(lettersTo(ny.id).map((l) => l.status)).toEqual(["failed", "failed"]);

    expect(changeRecipientStatus(db(), ny.id, { status: "paused", reason: "" }, actor)).toEqual({ status: "invalid", error: "staffLetters.error.choose" });
    expect(changeRecipientStatus(db(), 999_999, { status: "blocked", reason: "" }, actor)).toEqual({ status: "not-found" });
    changeRecipientStatus(db(), ny.id, { status: "unverified", reason: "" }, actor);
  });

  it("edits a recipient: validation, version check, and pausing through the edit form", () => {
    submit("w3@example.org", ["UY"]);
    confirmLetters(db(), confirmToken("w3@example.org"));
    const r = mission("mission_geneva", "UY");
    const values = recipientValues(r);

    expect(updateRecipient(db(), r.id, { ...values, nameEn: " ", email: "not-an-email", website: "ftp://example.org/uy", status: "paused" }, actor)).toEqual({
      status: "invalid",
      errors: {
        nameEn: "staffLetters.error.required",
        email: "staffLetters.recipient.error.email",
        website: "staffLetters.recipient.error.website",
        status: "staffLetters.error.choose",
      },
    });
    expect(updateRecipient(db(), r.id, { ...values, email: "", postalAddress: " \n " }, actor)).toMatchObject({
      status: "invalid",
      errors: { email: "staffLetters.recipient.error.noAddress" },
    });
    expect(updateRecipient(db(), r.id, { ...values, salutationFa: "x".repeat(301) }, actor)).toMatchObject({ status: "invalid", errors: { salutationFa: "staffLetters.error.tooLong" } });

    const saved = updateRecipient(
      db(),
      r.id,
      { ...values, email: " Mission-UY@Example.ORG ", website: "https://example.org/uy", postalAddress: "1 Example Street  \r\nExample City\r\n\r\n\r\n\r\nGeneva\n", status: "opted_out", statusReason: "asked by phone" },
      actor,
    );
    expect(saved).toEqual({ status: "saved", version: r.version + 1 });
    expect(mission("mission_geneva", "UY")).toMatchObject({
      email: "mission-uy@example.org",
      website: "https://example.org/uy",
      postalAddress: "1 Example Street\nExample City\n\nGeneva",
      status: "opted_out",
      statusReason: "asked by phone",
      version: r.version + 1,
    });
    expect(db().select().from(schema.letters).where(eq(schema.letters.recipientId, r.id)).all().map((l) => l.status)).toEqual(["failed"]);
    expect(lastAudit("recipients.updated")!.details).toMatchObject({ changed: ["email", "postalAddress", "website"], status: { from: "unverified", to: "opted_out" }, failedLetters: 1 });

    // The form loaded before that save names the old version: refused, nothing written.
    expect(updateRecipient(db(), r.id, { ...values, nameEn: "Overwritten" }, actor)).toEqual({ status: "conflict", currentVersion: r.version + 1 });
    expect(mission("mission_geneva", "UY").nameEn).toBe(r.nameEn);
  });

  it("creates other recipients with a required, valid, unique key", () => {
    const blank = newRecipientValues();
    expect(createOtherRecipient(db(), blank, actor)).toEqual({
      status: "invalid",
      errors: { key: "staffLetters.error.required", nameEn: "staffLetters.error.required", email: "staffLetters.recipient.error.noAddress" },
    });
    expect(createOtherRecipient(db(), { ...blank, key: "SR Iran", nameEn: "Special Rapporteur", email: "sr@example.net" }, actor)).toMatchObject({
      errors: { key: "staffLetters.recipient.error.keyInvalid" },
    });
    expect(createOtherRecipient(db(), { ...blank, key: "sr-x", country: "ZZ", nameEn: "Special Rapporteur", email: "sr@example.net" }, actor)).toMatchObject({
      errors: { country: "staffLetters.error.choose" },
    });
    const created = createOtherRecipient(db(), { ...blank, key: "SR-Test", country: "ir", nameEn: "Special Rapporteur (test)", email: "sr@example.net" }, actor);
    expect(created.status).toBe("saved");
    const row = db().select().from(schema.recipients).where(eq(schema.recipients.key, "sr-test")).get()!;
    expect(row).toMatchObject({ kind: "other", country: "IR", source: "staff", demo: false, status: "unverified", salutationEn: "Excellency" });
    expect(createOtherRecipient(db(), { ...blank, key: "sr-test", nameEn: "Another", postalAddress: "Somewhere" }, actor)).toMatchObject({
      errors: { key: "staffLetters.recipient.error.keyTaken" },
    });
    expect(lastAudit("recipients.created")).toMatchObject({ target: `recipient:${row.id}`, details: { kind: "other", key: "sr-test" } });
  });

  it("lists recipients with filters and pages of 50", () => {
    const all = listRecipients(db(), recipientFilters(new URLSearchParams()), "en");
    expect(all.items).toHaveLength(50);
    expect(all.pages).toBe(Math.ceil(all.total / 50));
    const second = listRecipients(db(), recipientFilters(new URLSearchParams("page=2")), "en");
    expect(second.items[0]!.id).not.toBe(all.items[0]!.id);
    const filters = recipientFilters(new URLSearchParams("kind=mission_ny&country=no&status=bogus&q=Norway"));
    expect(filters).toEqual({ kind: "mission_ny", country: "NO", status: null, q: "Norway", page: 1 });
    const found = listRecipients(db(), filters, "fa");
    expect(found.items).toEqual([expect.objectContaining({ kind: "mission_ny", country: "NO", countryName: "نروژ", demo: true, source: "demo" })]);
    expect(listRecipients(db(), recipientFilters(new URLSearchParams("q=demo-geneva-no@")), "en").items.map((r) => r.kind)).toEqual(["mission_geneva"]);
    expect(listRecipients(db(), recipientFilters(new URLSearchParams("q=%25")), "en").total).toBe(0);
    expect(recipientFiltersQuery(filters, 3)).toBe("?kind=mission_ny&country=NO&q=Norway&page=3");
  });
});

describe("import", () => {
  it("previews the mixed file, refuses without 'valid rows only', and applies exactly the plan previewed", () => {
    const preview = previewRecipientsImport(db(), { content: mixedCsv, format: "auto", kind: "mission_geneva", filename: "recipients-mixed.csv" });
    expect(preview.format).toBe("csv");
    expect(preview.counts.toAdd).toBeGreaterThanOrEqual(1);
    expect(preview.plan.toAdd.map((r) => r.key)).toContain("sr-example");
    expect(preview.plan.problems.map((p) => p.row)).toContain(7);
    const content = mixedCsv.toString("utf8").replace(/\n/g, "\r\n"); // as a browser sends a textarea back
    const input = { content, format: preview.format, kind: "mission_geneva" as const, filename: "recipients-mixed.csv" };
    const expected = { counts: preview.counts, fingerprint: preview.fingerprint };

    expect(applyRecipientsImport(db(), input, expected, { skipInvalid: false }, actor)).toMatchObject({ status: "refused" });
    expect(applyRecipientsImport(db(), input, { ...expected, counts: { ...expected.counts, toAdd: expected.counts.toAdd + 1 } }, { skipInvalid: true }, actor)).toMatchObject({
      status: "stale",
    });
    // A recipient of the plan edited meanwhile: same counts, another plan.
    const ir = mission("mission_ny", "IR");
    updateRecipient(db(), ir.id, { ...recipientValues(ir), phone: "+1 555 0000" }, actor);
    expect(applyRecipientsImport(db(), input, expected, { skipInvalid: true }, actor)).toMatchObject({ status: "stale" });
    expect(db().select().from(schema.recipients).where(eq(schema.recipients.key, "sr-example")).get()).toBeUndefined();

    const fresh = previewRecipientsImport(db(), input);
    const applied = applyRecipientsImport(db(), input, { counts: fresh.counts, fingerprint: fresh.fingerprint }, { skipInvalid: true }, actor);
    expect(applied).toMatchObject({ status: "applied", added: fresh.counts.toAdd, changed: fresh.counts.toChange });
    expect(db().select().from(schema.recipients).where(eq(schema.recipients.key, "sr-example")).get()).toMatchObject({ source: "csv", salutationEn: "Dear Special Rapporteur" });
    expect(mission("mission_ny", "IR")).toMatchObject({ email: "mission-ir.fixture@example.org", demo: false });
    expect(lastAudit("recipients.imported")!.details).toMatchObject({ format: "csv", added: fresh.counts.toAdd, skipInvalid: true, problems: fresh.counts.problems });

    // Applying the same preview twice: the second time the plan differs (nothing left to add).
    expect(applyRecipientsImport(db(), input, { counts: fresh.counts, fingerprint: fresh.fingerprint }, { skipInvalid: true }, actor)).toMatchObject({ status: "stale" });
  });
});

describe("target groups", () => {
  const blank: GroupValues = { mode: "create", key: "", nameEn: "", nameFa: "", members: [], more: "", updatedAt: "" };

  it("splits typed members into codes and names", () => {
    expect(splitMembers("IR FR, deu\nKorea, Republic of\n\n  Iceland ")).toEqual(["IR", "FR", "deu", "Korea, Republic of", "Iceland"]);
  });

  it("creates, edits with a conflict check, refuses bad members, and keeps a group in use", () => {
    expect(saveTargetGroup(db(), blank, actor)).toMatchObject({
      status: "invalid",
      errors: { key: "staffLetters.groups.error.key", nameEn: "staffLetters.error.required", nameFa: "staffLetters.error.required", members: "staffLetters.groups.error.empty" },
    });
    const values = groupValuesFromForm(
      form([
        ["mode", "create"],
        ["key", "test-group"],
        ["nameEn", "Test group"],
        ["nameFa", "گروه آزمایشی"],
        ["members", "NO"],
        ["members", "SE"],
        ["more", "Atlantis\nVA\nfin"],
      ]),
    );
    expect(saveTargetGroup(db(), values, actor)).toEqual({
      status: "invalid",
      errors: { members: "staffLetters.groups.error.members" },
      memberProblems: [
        { name: "Atlantis", error: "staffLetters.groups.error.unknown" },
        { name: "VA", error: "staffLetters.groups.error.notMember" },
      ],
    });
    const created = saveTargetGroup(db(), { ...values, more: "fin" }, actor);
    expect(created).toMatchObject({ status: "saved", group: { key: "test-group", members: ["FI", "NO", "SE"] } });
    expect(saveTargetGroup(db(), { ...values, more: "" }, actor)).toMatchObject({ status: "invalid", errors: { key: "staffLetters.groups.error.keyTaken" } });

    const [group] = groupsOverview(db(), "en").filter((g) => g.key === "test-group");
    const edit: GroupValues = { ...blank, mode: "edit", key: group!.key, nameEn: "Test group (renamed)", nameFa: group!.nameFa, members: ["NO", "DK"], updatedAt: group!.updatedAt };
    const saved = saveTargetGroup(db(), edit, actor, new Date(Date.now() + 1000));
    expect(saved).toMatchObject({ status: "saved", added: ["DK"], removed: ["FI", "SE"] });
    expect(lastAudit("recipients.group_saved")).toMatchObject({ target: "group:test-group", details: { added: ["DK"], removed: ["FI", "SE"], members: 2 } });
    // The same form again (loaded before that save): refused.
    expect(saveTargetGroup(db(), { ...edit, members: ["IS"] }, actor)).toEqual({ status: "conflict" });
    expect(groupsOverview(db(), "en").find((g) => g.key === "test-group")!.members.map((m) => m.code)).toEqual(["DK", "NO"]);

    // A campaign's rules name the group: it is not deleted.
    const c = campaign();
    const rules = settingsValues(letterSettings(db(), c.id));
    expect(saveLetterSettings(db(), c.id, { ...rules, recipientMode: "group", groupId: String(group!.id) }, actor).status).toBe("saved");
    expect(groupsOverview(db(), "en").find((g) => g.key === "test-group")!.usedBy).toEqual(["1988-massacre"]);
    expect(removeTargetGroup(db(), "test-group", actor)).toEqual({ status: "in-use", campaigns: ["1988-massacre"] });
    const now = settingsValues(letterSettings(db(), c.id));
    expect(saveLetterSettings(db(), c.id, { ...rules, version: now.version }, actor).status).toBe("saved");
    expect(removeTargetGroup(db(), "test-group", actor)).toEqual({ status: "deleted" });
    expect(removeTargetGroup(db(), "test-group", actor)).toEqual({ status: "not-found" });
    expect(lastAudit("recipients.group_deleted")).toMatchObject({ target: "group:test-group", details: { members: 2 } });
  });

  it("lists the member states by UN regional group", () => {
    const regions = memberStatesByRegion(db(), "en");
    expect(regions.map((r) => r.region)).toEqual([
      "African Group",
      "Asia and the Pacific Group",
      "Eastern European Group",
      "Latin American and Caribbean Group",
      "Western European and Others Group",
    ]);
    expect(regions.reduce((sum, r) => sum + r.states.length, 0)).toBe(193);
  });
});
