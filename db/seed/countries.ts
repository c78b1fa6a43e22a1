// Countries and territories from the world-countries data package (ODbL, see README "Data licences").
// The package's unMember list also flags the Holy See, which is a UN observer state, not a member: it is
// dropped here so that exactly the 193 member states carry unMember.
import { createRequire } from "node:module";
import type { InferInsertModel } from "drizzle-orm";
import type { Countries } from "world-countries";
import type { countries } from "../schema";

/** Observer states that world-countries flags as unMember (alpha-2). */
export const notUnMembers = new Set(["VA"]);

// Loaded as plain JSON: the package's ES module entry imports JSON without an import attribute.
const worldCountries = createRequire(import.meta.url)("world-countries/countries.json") as Countries;

export function countryRows(): InferInsertModel<typeof countries>[] {
  return worldCountries
    .filter((c) => c.cca2 && c.cca2.length === 2)
    .map((c) => {
      const unMember = c.unMember && !notUnMembers.has(c.cca2);
      return {
        code: c.cca2,
        alpha3: c.cca3,
        numeric: c.ccn3 || null,
        nameEn: c.name.common,
        nameFa: c.translations.per?.common ?? c.name.common,
        officialNameEn: c.name.official,
        unMember,
        unRegionalGroup: unMember ? (c as { unRegionalGroup?: string }).unRegionalGroup || null : null,
        region: c.region,
        subregion: c.subregion || null,
      };
    });
}
