import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

/**
 * Every country and territory with an ISO 3166-1 code (from the world-countries data package), so that a
 * supporter can name any country of residence. The 193 UN member states are those with unMember = true.
 */
export const countries = sqliteTable(
  "countries",
  {
    /** ISO 3166-1 alpha-2. */
    code: text("code").primaryKey(),
    alpha3: text("alpha3").notNull(),
    /** ISO 3166-1 numeric, as used by the world map (may be empty for a few territories). */
    numeric: text("numeric"),
    nameEn: text("name_en").notNull(),
    nameFa: text("name_fa").notNull(),
    officialNameEn: text("official_name_en").notNull(),
    unMember: integer("un_member", { mode: "boolean" }).notNull(),
    /** The UN regional group for member states, e.g. "Asia and the Pacific Group". */
    unRegionalGroup: text("un_regional_group"),
    region: text("region").notNull(),
    subregion: text("subregion"),
  },
  (t) => [index("countries_un_member_idx").on(t.unMember)],
);
