// Target groups: named lists of UN member states a campaign may ask supporters to write to (for example the
// members of the Human Rights Council). Members are given as codes or English names, resolved like the
// countries of a recipients file.
import { asc, eq } from "drizzle-orm";
import type { Db } from "../utils/db.server";
import { schema } from "../utils/db.server";
import { resolveCountry, type RowProblem } from "./importer.server";

export interface TargetGroupInput {
  key: string;
  nameEn: string;
  nameFa: string;
  /** ISO alpha-2 or alpha-3 codes, or English names; every one must be a UN member state. */
  members: string[];
}

export interface TargetGroup {
  id: number;
  key: string;
  nameEn: string;
  nameFa: string;
  updatedAt: Date;
  /** Alpha-2 codes, sorted. */
  members: string[];
}

export type SetTargetGroupResult =
  | { ok: true; group: TargetGroup; added: string[]; removed: string[] }
  /** Nothing was written. `row` is the member's position in the list (1-based), 0 for the group itself. */
  | { ok: false; problems: RowProblem[] };

const keyPattern = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** Creates the group or replaces its names and members, in one transaction; writes nothing when a member is wrong. */
export function setTargetGroup(db: Db, input: TargetGroupInput, options: { now?: Date } = {}): SetTargetGroupResult {
  const problems: RowProblem[] = [];
  const key = input.key.trim();
  const nameEn = input.nameEn.trim();
  const nameFa = input.nameFa.trim();
  if (!keyPattern.test(key) || key.length > 100)
    problems.push({ row: 0, field: "key", code: "key.invalid", message: `"${key}" is not a valid group key: use lowercase letters, digits and single hyphens (for example "hrc-members").` });
  if (!nameEn || nameEn.length > 300) problems.push({ row: 0, field: "name_en", code: "name_en.invalid", message: "The group needs an English name of at most 300 characters." });
  if (!nameFa || nameFa.length > 300) problems.push({ row: 0, field: "name_fa", code: "name_fa.invalid", message: "The group needs a Persian name of at most 300 characters." });
  if (input.members.length === 0) problems.push({ row: 0, field: "members", code: "members.empty", message: "The group needs at least one member state." });

  const memberStates = new Map(
    db
      .select({ code: schema.countries.code, unMember: schema.countries.unMember })
      .from(schema.countries)
      .all()
      .map((c) => [c.code, c.unMember]),
  );
  const members = new Set<string>();
  input.members.forEach((name, i) => {
    const code = resolveCountry(name, db);
    if (!code) problems.push({ row: i + 1, field: "members", code: "country.unknown", message: `"${name.trim()}" is not a country this platform knows.` });
    else if (!memberStates.get(code)) problems.push({ row: i + 1, field: "members", code: "country.not-member", message: `"${name.trim()}" (${code}) is not a UN member state.` });
    else members.add(code);
  });
  if (problems.length > 0) return { ok: false, problems };

  const now = options.now ?? new Date();
  const { id, before } = db.transaction((tx) => {
    const existing = tx.select({ id: schema.targetGroups.id }).from(schema.targetGroups).where(eq(schema.targetGroups.key, key)).get();
    let groupId: number;
    let previous: string[] = [];
    if (existing) {
      groupId = existing.id;
      previous = tx
        .select({ country: schema.targetGroupMembers.country })
        .from(schema.targetGroupMembers)
        .where(eq(schema.targetGroupMembers.groupId, groupId))
        .all()
        .map((m) => m.country);
      tx.update(schema.targetGroups).set({ nameEn, nameFa, updatedAt: now }).where(eq(schema.targetGroups.id, groupId)).run();
      tx.delete(schema.targetGroupMembers).where(eq(schema.targetGroupMembers.groupId, groupId)).run();
    } else {
      groupId = tx.insert(schema.targetGroups).values({ key, nameEn, nameFa, updatedAt: now }).returning({ id: schema.targetGroups.id }).get().id;
    }
    for (const country of members) tx.insert(schema.targetGroupMembers).values({ groupId, country }).run();
    return { id: groupId, before: new Set(previous) };
  });
  const sorted = [...members].sort();
  return {
    ok: true,
    group: { id, key, nameEn, nameFa, updatedAt: now, members: sorted },
    added: sorted.filter((c) => !before.has(c)),
    removed: [...before].filter((c) => !members.has(c)).sort(),
  };
}

/** Every group with its member codes, by key. */
export function listTargetGroups(db: Db): TargetGroup[] {
  const groups = db.select().from(schema.targetGroups).orderBy(asc(schema.targetGroups.key)).all();
  const members = db.select().from(schema.targetGroupMembers).orderBy(asc(schema.targetGroupMembers.country)).all();
  return groups.map((g) => ({ ...g, members: members.filter((m) => m.groupId === g.id).map((m) => m.country) }));
}

/** Deletes a group (letter settings that named it then name none: the key is set null); false when there was none. */
export function deleteTargetGroup(db: Db, key: string): boolean {
  return db.delete(schema.targetGroups).where(eq(schema.targetGroups.key, key.trim())).run().changes > 0;
}
