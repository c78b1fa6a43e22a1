import fs from "node:fs";
import { count, eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { db, schema } from "~/utils/db.server";
import { deleteTargetGroup, listTargetGroups, setTargetGroup } from "./groups.server";
import {
  applyImport,
  countryAliases,
  defaultMissionName,
  ImportRefusedError,
  parseRecipientsFile,
  planImport,
  resolveCountry,
  type ParseResult,
  type RowProblem,
} from "./importer.server";

// Fixtures: fictitious addresses on example.org / example.net only.
const mixedCsv = fs.readFileSync(new URL("../../tests/fixtures/recipients-mixed.csv", import.meta.url));
const blueBook = fs.readFileSync(new URL("../../tests/fixtures/bluebook-sample.json", import.meta.url));

const csvHeader = "kind,country,key,name_en,email,postal_address,phone,website,status";

function brief(problems: RowProblem[]) {
  return problems.map((p) => [p.row, p.field, p.code]);
}

function recipients() {
  return db().select().from(schema.recipients).all();
}

function recipientCount() {
  return db().select({ n: count() }).from(schema.recipients).get()!.n;
}

function mission(kind: "mission_ny" | "mission_geneva", country: string) {
  return recipients().find((r) => r.kind === kind && r.country === country);
}

beforeEach(() => {
  db().delete(schema.recipients).run();
  db().delete(schema.targetGroups).run();
});

describe("CSV files", () => {
  it("takes the valid rows of a mixed file and reports every bad row by line, field and code", () => {
    const parsed = parseRecipientsFile(mixedCsv, { filename: "recipients-mixed.csv" });
    expect(parsed.format).toBe("csv");
    expect(brief(parsed.problems)).toEqual([
      [7, "email", "email.invalid"],
      [8, "country", "country.unknown"],
      [9, "country", "country.not-member"], // State of Palestine: an observer state
      [10, "country", "country.not-member"], // Holy See: an observer state
      [11, "key", "key.missing"],
      [12, null, "row.duplicate"], // Iran's New York mission again (row 2)
      [14, "website", "website.invalid"],
      [15, "kind", "kind.invalid"],
      [16, "email", "address.missing"],
      [17, "status", "status.invalid"],
    ]);
    expect(parsed.problems.find((p) => p.code === "row.duplicate")!.message).toMatch(/^Row 2 already gives/);
    for (const p of parsed.problems) expect(p.message).toMatch(/^[A-Z"].*\.$/);

    // Row 3's postal address spans lines 3 to 5: the next record is line 6.
    expect(parsed.rows.map((r) => [r.row, r.kind, r.country, r.key])).toEqual([
      [2, "mission_ny", "IR", null],
      [3, "mission_geneva", "FR", null],
      [6, "other", null, "sr-example"],
      [13, "mission_ny", "CI", null],
    ]);
    const [iran, france, rapporteur, ivoryCoast] = parsed.rows;
    expect(iran).toMatchObject({
      nameEn: "Permanent Mission of the Islamic Republic of Iran to the United Nations",
      nameFa: null,
      salutationEn: null,
      email: "mission-ir.fixture@example.org",
      phone: "+1 555 0100",
      website: "https://example.org/ir",
      status: null,
    });
    expect(france).toMatchObject({
      nameEn: "Permanent Mission of the French Republic to the United Nations Office and other international organizations in Geneva",
      postalAddress: "FIXTURE\n1 Example Street\nExample City",
      status: "active",
    });
    expect(rapporteur).toMatchObject({ nameEn: "FIXTURE Special Rapporteur (example)", salutationEn: "Dear Special Rapporteur", email: "sr.fixture@example.net" });
    expect(ivoryCoast).toMatchObject({ email: "ci.fixture@example.org", website: "http://example.org/ci", status: "unverified" });
  });

  it("reads UTF-8 with a byte order mark, Windows line ends, and header names in any case", () => {
    const text = "\uFEFFKIND,Country,Name_EN,E-Mail,Email,Postal Address\r\nny,Türkiye,,,tr.fixture@example.org,\r\nGeneva,côte d'ivoire,,,,\"1 Example Street\r\nExample City\"\r\n";
    for (const content of [Buffer.from(text, "utf8"), text]) {
      const parsed = parseRecipientsFile(content);
      expect(parsed.problems).toEqual([]);
      expect(parsed.rows.map((r) => [r.row, r.kind, r.country, r.email, r.postalAddress])).toEqual([
        [2, "mission_ny", "TR", "tr.fixture@example.org", null],
        [3, "mission_geneva", "CI", null, "1 Example Street\nExample City"],
      ]);
    }
  });

  it("refuses a file that is not UTF-8, not CSV, or lacks the columns it needs", () => {
    const latin1 = Buffer.concat([Buffer.from(`${csvHeader}\nny,FR,,Mission de France `), Buffer.from([0xe9]), Buffer.from(",fr.fixture@example.org,,,,\n")]);
    expect(brief(parseRecipientsFile(latin1, { format: "csv" }).problems)).toEqual([[0, null, "file.unreadable"]]);
    expect(brief(parseRecipientsFile(`${csvHeader}\nny,FR,,"unclosed,fr.fixture@example.org\n`).problems)).toEqual([[2, null, "file.unreadable"]]);
    expect(brief(parseRecipientsFile("", { format: "csv" }).problems)).toEqual([[0, null, "file.unreadable"]]);
    expect(brief(parseRecipientsFile("country,phone\nFR,+1 555 0100\n").problems)).toEqual([
      [1, "kind", "column.missing"],
      [1, "email", "column.missing"],
    ]);
    const noRows = parseRecipientsFile(`${csvHeader}\n`);
    expect(brief(noRows.problems)).toEqual([[1, null, "file.empty"]]);
    expect(noRows.rows).toEqual([]);
  });

  it("uses the kind option for rows that leave the kind empty, and ignores blank lines and extra columns", () => {
    const parsed = parseRecipientsFile("kind,country,email,notes\n,FR,fr.fixture@example.org,anything\n\n,,,\nother,,x@example.org,\n", { kind: "mission_geneva" });
    expect(parsed.rows.map((r) => [r.row, r.kind, r.country])).toEqual([[2, "mission_geneva", "FR"]]);
    expect(brief(parsed.problems)).toEqual([[5, "key", "key.missing"], [5, "name_en", "name_en.missing"]]);
    expect(brief(parseRecipientsFile("kind,country,email\n,FR,fr.fixture@example.org\n").problems)).toEqual([[2, "kind", "kind.missing"]]);
  });

  it("checks keys, lengths, countries for other recipients, and duplicate keys", () => {
    const long = "x".repeat(301);
    const parsed = parseRecipientsFile(
      [
        csvHeader,
        "other,IR,SR-Iran,FIXTURE Special Rapporteur on Iran,sr-iran.fixture@example.org,,,,",
        "other,,sr iran!,FIXTURE Bad key,bad-key.fixture@example.org,,,,",
        "ny,FR,france,,fr.fixture@example.org,,,,",
        `ny,DE,,${long},de.fixture@example.org,,,,`,
        `ny,ES,,,,"${"y".repeat(1001)}",,,`,
        "other,Atlantis,wg-example,FIXTURE Working Group,wg.fixture@example.org,,,,",
        "other,,sr-iran,FIXTURE Same key,sr-iran2.fixture@example.org,,,,",
        "ny,IT,,,it.fixture@example.org; other.fixture@example.org,,,,",
        "ny,PT,,,pt.fixture@example.org,,,https://example.org/pt path,",
        "ny,GR,,,gr.fixture@example.org,,,https://localhost,opted out",
      ].join("\n"),
    );
    expect(brief(parsed.problems)).toEqual([
      [3, "key", "key.invalid"],
      [4, "key", "key.unexpected"],
      [5, "name_en", "name_en.too-long"],
      [6, "postal_address", "postal_address.too-long"],
      [7, "country", "country.unknown"],
      [8, null, "row.duplicate"],
      [9, "email", "email.invalid"],
      [10, "website", "website.invalid"],
      [11, "website", "website.invalid"],
    ]);
    // Other recipients may name any country (here a special rapporteur's mandate); keys are lower-cased.
    expect(parsed.rows.map((r) => [r.row, r.kind, r.country, r.key])).toEqual([[2, "other", "IR", "sr-iran"]]);
    expect(parseRecipientsFile(`${csvHeader}\nny,GR,,,gr.fixture@example.org,,,,Opted-Out\n`).rows[0]!.status).toBe("opted_out");
  });

  it("refuses control characters and bidirectional overrides, as the staff form does; line breaks only in the postal address", () => {
    const parsed = parseRecipientsFile(
      [
        csvHeader,
        "ny,FR,,Permanent Mission of \u202Eecnarf,fr.fixture@example.org,,,,",
        'ny,DE,,,,"Hauptstraße 1\nBerlin",,,',
        'ny,ES,,"Mission\nof Spain",es.fixture@example.org,,,,',
        "ny,IT,,Missione\u0007,it.fixture@example.org,,,,",
      ].join("\n"),
    );
    expect(brief(parsed.problems)).toEqual([
      [2, "name_en", "name_en.invalid-characters"],
      // Rows are numbered by the line they start on (the address of line 3 runs over two lines, as the name of line 5).
      [5, "name_en", "name_en.invalid-characters"],
      [7, "name_en", "name_en.invalid-characters"],
    ]);
    expect(parsed.rows.map((r) => r.country)).toEqual(["DE"]);
  });
});

describe("UN Blue Book files", () => {
  it("takes member states (category 1), skips the other categories, and reports bad entries by position", () => {
    const parsed = parseRecipientsFile(blueBook, { filename: "bluebook-sample.json" });
    expect(parsed.format).toBe("bluebook");
    expect(parsed.skipped.map((s) => s.row)).toEqual([4, 5, 6]);
    expect(parsed.skipped[0]!.reason).toContain("Holy See");
    expect(brief(parsed.problems)).toEqual([
      [7, "MC_Entity", "country.unknown"],
      [8, "MC_eMail", "email.invalid"],
      [9, "MC_eMail", "address.missing"],
      [10, null, "row.duplicate"],
      [11, "MC_WebSite", "website.invalid"],
    ]);
    expect(parsed.rows.map((r) => [r.row, r.kind, r.country])).toEqual([
      [1, "mission_ny", "IR"],
      [2, "mission_ny", "BO"], // MC_Category given as "1"
      [3, "mission_ny", "NL"],
    ]);
    const [iran, , netherlands] = parsed.rows;
    expect(iran).toEqual({
      row: 1,
      kind: "mission_ny",
      country: "IR",
      key: null,
      nameEn: "Permanent Mission of the Islamic Republic of Iran to the United Nations",
      nameFa: null,
      salutationEn: null,
      salutationFa: null,
      email: "iran.fixture@example.org", // the first of two addresses
      postalAddress: "FIXTURE\n1 Example Plaza, Suite 100\nExample City, EX 00000",
      phone: "+1 555 0101",
      website: "https://example.org/iran", // scheme added
      status: null,
    });
    // Several addresses separated by a comma and a line break: the first valid one.
    expect(netherlands).toMatchObject({ email: "nl.fixture@example.net", postalAddress: null, website: null });
  });

  it("accepts a top-level list, the Geneva kind, and flags non-members and entries without a category", () => {
    const entries = [
      { MC_Entity: "Viet Nam", MC_eMail: "vn.fixture@example.org", MC_Category: 1 },
      { MC_Entity: "Holy See", MC_eMail: "va.fixture@example.org", MC_Category: 1 },
      { MC_Entity: "Czechia", MC_eMail: "cz.fixture@example.org" },
      "not an entry",
      { MC_Entity: "Cabo Verde", MC_Address: "FIXTURE\n5 Example Plaza", MC_Category: "1", MC_WebSite: "//example.org/cv" },
    ];
    const parsed = parseRecipientsFile(JSON.stringify(entries), { kind: "mission_geneva" });
    expect(parsed.format).toBe("bluebook");
    expect(brief(parsed.problems)).toEqual([
      [2, "MC_Entity", "country.not-member"],
      [3, "MC_Category", "category.missing"],
      [4, null, "row.invalid"],
    ]);
    expect(parsed.rows.map((r) => [r.row, r.kind, r.country, r.nameEn])).toEqual([
      [1, "mission_geneva", "VN", "Permanent Mission of the Socialist Republic of Vietnam to the United Nations Office and other international organizations in Geneva"],
      [5, "mission_geneva", "CV", "Permanent Mission of the Republic of Cabo Verde to the United Nations Office and other international organizations in Geneva"],
    ]);
    expect(parsed.rows[1]!.website).toBe("https://example.org/cv");
  });

  it("refuses files that are not Blue Book JSON", () => {
    expect(brief(parseRecipientsFile("{ not json", { format: "bluebook" }).problems)).toEqual([[0, null, "file.unreadable"]]);
    expect(brief(parseRecipientsFile('{"missions": []}').problems)).toEqual([[0, null, "file.unreadable"]]);
  });

  it("detects the format from the option, then the file name, then the content", () => {
    const json = JSON.stringify({ countries: [] });
    expect(parseRecipientsFile(json).format).toBe("bluebook");
    expect(parseRecipientsFile(json, { filename: "missions.JSON" }).format).toBe("bluebook");
    expect(parseRecipientsFile(`${csvHeader}\n`, { filename: "missions.csv" }).format).toBe("csv");
    expect(parseRecipientsFile(`${csvHeader}\n`).format).toBe("csv");
    expect(parseRecipientsFile(json, { format: "csv", filename: "x.json" }).format).toBe("csv");
  });
});

/** The UN's own names of its 193 member states (as on the UN's list of member states), with their ISO codes. */
const unMemberStateNames: Record<string, string> = {
  Afghanistan: "AF", Albania: "AL", Algeria: "DZ", Andorra: "AD", Angola: "AO", "Antigua and Barbuda": "AG", Argentina: "AR", Armenia: "AM",
  Australia: "AU", Austria: "AT", Azerbaijan: "AZ", Bahamas: "BS", Bahrain: "BH", Bangladesh: "BD", Barbados: "BB", Belarus: "BY", Belgium: "BE",
  Belize: "BZ", Benin: "BJ", Bhutan: "BT", "Bolivia (Plurinational State of)": "BO", "Bosnia and Herzegovina": "BA", Botswana: "BW", Brazil: "BR",
  "Brunei Darussalam": "BN", Bulgaria: "BG", "Burkina Faso": "BF", Burundi: "BI", "Cabo Verde": "CV", Cambodia: "KH", Cameroon: "CM", Canada: "CA",
  "Central African Republic": "CF", Chad: "TD", Chile: "CL", China: "CN", Colombia: "CO", Comoros: "KM", Congo: "CG", "Costa Rica": "CR",
  "Côte d'Ivoire": "CI", Croatia: "HR", Cuba: "CU", Cyprus: "CY", Czechia: "CZ", "Democratic People's Republic of Korea": "KP",
  "Democratic Republic of the Congo": "CD", Denmark: "DK", Djibouti: "DJ", Dominica: "DM", "Dominican Republic": "DO", Ecuador: "EC", Egypt: "EG",
  "El Salvador": "SV", "Equatorial Guinea": "GQ", Eritrea: "ER", Estonia: "EE", Eswatini: "SZ", Ethiopia: "ET", Fiji: "FJ", Finland: "FI", France: "FR",
  Gabon: "GA", "Gambia (Republic of The)": "GM", Georgia: "GE", Germany: "DE", Ghana: "GH", Greece: "GR", Grenada: "GD", Guatemala: "GT", Guinea: "GN",
  "Guinea-Bissau": "GW", Guyana: "GY", Haiti: "HT", Honduras: "HN", Hungary: "HU", Iceland: "IS", India: "IN", Indonesia: "ID",
  "Iran (Islamic Republic of)": "IR", Iraq: "IQ", Ireland: "IE", Israel: "IL", Italy: "IT", Jamaica: "JM", Japan: "JP", Jordan: "JO", Kazakhstan: "KZ",
  Kenya: "KE", Kiribati: "KI", Kuwait: "KW", Kyrgyzstan: "KG", "Lao People's Democratic Republic": "LA", Latvia: "LV", Lebanon: "LB", Lesotho: "LS",
  Liberia: "LR", Libya: "LY", Liechtenstein: "LI", Lithuania: "LT", Luxembourg: "LU", Madagascar: "MG", Malawi: "MW", Malaysia: "MY", Maldives: "MV",
  Mali: "ML", Malta: "MT", "Marshall Islands": "MH", Mauritania: "MR", Mauritius: "MU", Mexico: "MX", "Micronesia (Federated States of)": "FM",
  Monaco: "MC", Mongolia: "MN", Montenegro: "ME", Morocco: "MA", Mozambique: "MZ", Myanmar: "MM", Namibia: "NA", Nauru: "NR", Nepal: "NP",
  "Netherlands (Kingdom of the)": "NL", "New Zealand": "NZ", Nicaragua: "NI", Niger: "NE", Nigeria: "NG", "North Macedonia": "MK", Norway: "NO",
  Oman: "OM", Pakistan: "PK", Palau: "PW", Panama: "PA", "Papua New Guinea": "PG", Paraguay: "PY", Peru: "PE", Philippines: "PH", Poland: "PL",
  Portugal: "PT", Qatar: "QA", "Republic of Korea": "KR", "Republic of Moldova": "MD", Romania: "RO", "Russian Federation": "RU", Rwanda: "RW",
  "Saint Kitts and Nevis": "KN", "Saint Lucia": "LC", "Saint Vincent and the Grenadines": "VC", Samoa: "WS", "San Marino": "SM",
  "Sao Tome and Principe": "ST", "Saudi Arabia": "SA", Senegal: "SN", Serbia: "RS", Seychelles: "SC", "Sierra Leone": "SL", Singapore: "SG",
  Slovakia: "SK", Slovenia: "SI", "Solomon Islands": "SB", Somalia: "SO", "South Africa": "ZA", "South Sudan": "SS", Spain: "ES", "Sri Lanka": "LK",
  Sudan: "SD", Suriname: "SR", Sweden: "SE", Switzerland: "CH", "Syrian Arab Republic": "SY", Tajikistan: "TJ", Thailand: "TH", "Timor-Leste": "TL",
  Togo: "TG", Tonga: "TO", "Trinidad and Tobago": "TT", Tunisia: "TN", Türkiye: "TR", Turkmenistan: "TM", Tuvalu: "TV", Uganda: "UG", Ukraine: "UA",
  "United Arab Emirates": "AE", "United Kingdom of Great Britain and Northern Ireland": "GB", "United Republic of Tanzania": "TZ",
  "United States of America": "US", Uruguay: "UY", Uzbekistan: "UZ", Vanuatu: "VU", "Venezuela (Bolivarian Republic of)": "VE", "Viet Nam": "VN",
  Yemen: "YE", Zambia: "ZM", Zimbabwe: "ZW",
};

describe("country names", () => {
  const members = () => db().select().from(schema.countries).where(eq(schema.countries.unMember, true)).all();
  const stripAccents = (s: string) => s.normalize("NFKD").replace(/\p{M}/gu, "");

  it("resolves every member state's codes and English names, in any case and without accents", () => {
    const states = members();
    expect(states).toHaveLength(193);
    for (const c of states) {
      for (const name of [c.code, c.code.toLowerCase(), c.alpha3, c.nameEn, c.officialNameEn, c.nameEn.toUpperCase(), stripAccents(c.officialNameEn).toLowerCase()]) {
        expect(resolveCountry(name), name).toBe(c.code);
        expect(resolveCountry(name, db()), name).toBe(c.code);
      }
    }
  });

  it("resolves the UN's own names of all 193 member states", () => {
    const codes = Object.values(unMemberStateNames);
    expect(new Set(codes)).toEqual(new Set(members().map((c) => c.code)));
    for (const [name, code] of Object.entries(unMemberStateNames)) expect(resolveCountry(name), name).toBe(code);
    // Every alias points at a country the database knows.
    for (const [name, code] of Object.entries(countryAliases)) expect(resolveCountry(name, db()), name).toBe(code);
  });

  it("resolves other spellings, observer states and inverted names, and nothing for unknown or ambiguous names", () => {
    const cases: Record<string, string | null> = {
      "Iran, Islamic Republic of": "IR",
      "Korea, Republic of": "KR",
      "Congo (Democratic Republic of the)": "CD",
      "Republic of the Congo": "CG",
      "The Gambia": "GM",
      "St. Kitts & Nevis": "KN",
      "Cote d’Ivoire": "CI",
      "Ivory Coast": "CI",
      Turkey: "TR",
      "Cape Verde": "CV",
      Swaziland: "SZ",
      "United Kingdom": "GB",
      USA: "US",
      "  viet   nam ": "VN",
      "Holy See": "VA",
      "State of Palestine": "PS",
      Korea: null,
      Atlantis: null,
      XX: null,
      "": null,
    };
    for (const [name, code] of Object.entries(cases)) expect(resolveCountry(name), name).toBe(code);
  });

  it("names missions as the UN customarily does", () => {
    expect(defaultMissionName("mission_ny", "JP")).toBe("Permanent Mission of Japan to the United Nations");
    expect(defaultMissionName("mission_geneva", "IR")).toBe(
      "Permanent Mission of the Islamic Republic of Iran to the United Nations Office and other international organizations in Geneva",
    );
  });
});

describe("planning and applying an import", () => {
  const now = new Date("2025-05-01T12:00:00Z");

  it("plans additions without writing anything, and refuses to apply a plan with problems", () => {
    const plan = planImport(db(), parseRecipientsFile(mixedCsv));
    expect(plan.toAdd.map((r) => r.row)).toEqual([2, 3, 6, 13]);
    expect(plan.toChange).toEqual([]);
    expect(plan.unchanged).toEqual([]);
    expect(plan.problems).toHaveLength(10);
    expect(recipientCount()).toBe(0);

    expect(() => applyImport(db(), plan)).toThrow(ImportRefusedError);
    expect(recipientCount()).toBe(0);
  });

  it("with skipInvalid writes the valid rows in one go, then finds them unchanged", () => {
    const plan = planImport(db(), parseRecipientsFile(mixedCsv));
    expect(applyImport(db(), plan, { skipInvalid: true, now })).toEqual({ added: 4, changed: 0 });
    expect(recipientCount()).toBe(4);

    expect(mission("mission_ny", "IR")).toMatchObject({
      nameEn: "Permanent Mission of the Islamic Republic of Iran to the United Nations",
      nameFa: null,
      salutationEn: "Excellency", // the default, as the file gave none
      email: "mission-ir.fixture@example.org",
      status: "unverified",
      source: "csv",
      demo: false,
      version: 1,
      createdAt: now,
      updatedAt: now,
    });
    expect(mission("mission_geneva", "FR")).toMatchObject({ status: "active", postalAddress: "FIXTURE\n1 Example Street\nExample City" });
    expect(recipients().find((r) => r.key === "sr-example")).toMatchObject({ kind: "other", country: null, salutationEn: "Dear Special Rapporteur" });

    const again = planImport(db(), parseRecipientsFile(mixedCsv));
    expect(again.toAdd).toEqual([]);
    expect(again.toChange).toEqual([]);
    expect(again.unchanged.map((u) => u.row.row)).toEqual([2, 3, 6, 13]);
  });

  it("changes only the fields a row sets, bumps the version, and makes a changed address unverified again", () => {
    applyImport(db(), planImport(db(), parseRecipientsFile(mixedCsv)), { skipInvalid: true, now });
    db().update(schema.recipients).set({ status: "active", statusReason: "confirmed by phone" }).where(eq(schema.recipients.country, "IR")).run();

    const file = [
      "kind,country,email,phone,status",
      "ny,Iran,new-ir.fixture@example.org,,", // new address, phone not given: kept
      "geneva,FR,changed-fr.fixture@example.org,,active", // new address with a status: the status given stays
      "ny,CI,ci.fixture@example.org,,", // same as stored
    ].join("\n");
    const plan = planImport(db(), parseRecipientsFile(file));
    expect(plan.problems).toEqual([]);
    expect(plan.toAdd).toEqual([]);
    expect(plan.unchanged.map((u) => u.row.country)).toEqual(["CI"]);
    expect(plan.toChange.map((c) => [c.row.country, c.changes])).toEqual([
      [
        "IR",
        [
          { field: "email", from: "mission-ir.fixture@example.org", to: "new-ir.fixture@example.org" },
          { field: "status", from: "active", to: "unverified" },
        ],
      ],
      ["FR", [{ field: "email", from: "geneva-fr.fixture@example.org", to: "changed-fr.fixture@example.org" }]],
    ]);
    expect(mission("mission_ny", "IR")!.email).toBe("mission-ir.fixture@example.org"); // not yet written

    const later = new Date("2025-06-01T00:00:00Z");
    expect(applyImport(db(), plan, { now: later })).toEqual({ added: 0, changed: 2 });
    expect(mission("mission_ny", "IR")).toMatchObject({
      email: "new-ir.fixture@example.org",
      status: "unverified",
      statusReason: null,
      phone: "+1 555 0100",
      website: "https://example.org/ir",
      version: 2,
      createdAt: now,
      updatedAt: later,
    });
    expect(mission("mission_geneva", "FR")).toMatchObject({ email: "changed-fr.fixture@example.org", status: "active", version: 2 });
  });

  it("replaces a demo recipient with the imported one", () => {
    db()
      .insert(schema.recipients)
      .values({ kind: "mission_ny", country: "IR", nameEn: "Demo mission", email: "demo-ir@example.org", phone: "+1 555 0000", status: "active", source: "demo", demo: true })
      .run();
    const plan = planImport(db(), parseRecipientsFile(blueBook, { filename: "bluebook-sample.json" }));
    expect(plan.toAdd.map((r) => r.country)).toEqual(["BO", "NL"]);
    const [replacement] = plan.toChange;
    expect(replacement!.row.country).toBe("IR");
    expect(replacement!.changes.map((c) => c.field)).toEqual(["name_en", "email", "postal_address", "phone", "website", "status", "demo", "source"]);
    expect(replacement!.changes).toContainEqual({ field: "status", from: "active", to: "unverified" });
    expect(replacement!.changes).toContainEqual({ field: "source", from: "demo", to: "bluebook" });

    applyImport(db(), plan, { skipInvalid: true, now });
    expect(mission("mission_ny", "IR")).toMatchObject({
      nameEn: "Permanent Mission of the Islamic Republic of Iran to the United Nations",
      email: "iran.fixture@example.org",
      phone: "+1 555 0101",
      status: "unverified",
      source: "bluebook",
      demo: false,
      version: 2,
    });
    expect(recipients().filter((r) => r.demo)).toEqual([]);
  });

  it("writes nothing when a recipient changed after the preview", () => {
    applyImport(db(), planImport(db(), parseRecipientsFile(mixedCsv)), { skipInvalid: true, now });
    const plan = planImport(db(), parseRecipientsFile("kind,country,email\nny,IR,new-ir.fixture@example.org\nny,DE,de.fixture@example.org\n"));
    expect(plan.toChange).toHaveLength(1);
    expect(plan.toAdd).toHaveLength(1);
    // Someone edits Iran's mission between the preview and the apply.
    db().update(schema.recipients).set({ phone: "+1 555 0199", version: 2 }).where(eq(schema.recipients.country, "IR")).run();

    expect(() => applyImport(db(), plan)).toThrow(/changed by someone else/);
    expect(mission("mission_ny", "DE")).toBeUndefined();
    expect(mission("mission_ny", "IR")!.email).toBe("mission-ir.fixture@example.org");
  });

  it("refuses rows whose country the database does not count as a member state", () => {
    db().update(schema.countries).set({ unMember: false }).where(eq(schema.countries.code, "FR")).run();
    try {
      const parsed: ParseResult = parseRecipientsFile("kind,country,email\nny,FR,fr.fixture@example.org\nny,DE,de.fixture@example.org\n");
      expect(parsed.problems).toEqual([]);
      const plan = planImport(db(), parsed);
      expect(brief(plan.problems)).toEqual([[2, "country", "country.not-member"]]);
      expect(plan.rows.map((r) => r.country)).toEqual(["DE"]);
      expect(plan.toAdd.map((r) => r.country)).toEqual(["DE"]);
    } finally {
      db().update(schema.countries).set({ unMember: true }).where(eq(schema.countries.code, "FR")).run();
    }
  });
});

describe("target groups", () => {
  it("creates a group from codes and names, replaces its members, lists and deletes it", () => {
    const created = setTargetGroup(db(), { key: "hrc-example", nameEn: "Example group", nameFa: "گروه نمونه", members: ["IR", "fra", "Germany", "Korea, Republic of", "IR"] });
    expect(created).toMatchObject({ ok: true, added: ["DE", "FR", "IR", "KR"], removed: [] });

    const replaced = setTargetGroup(db(), { key: "hrc-example", nameEn: "Example group (2025)", nameFa: "گروه نمونه", members: ["IR", "Viet Nam"] });
    expect(replaced).toMatchObject({ ok: true, added: ["VN"], removed: ["DE", "FR", "KR"] });
    expect(listTargetGroups(db())).toEqual([expect.objectContaining({ key: "hrc-example", nameEn: "Example group (2025)", members: ["IR", "VN"] })]);

    expect(deleteTargetGroup(db(), "hrc-example")).toBe(true);
    expect(deleteTargetGroup(db(), "hrc-example")).toBe(false);
    expect(listTargetGroups(db())).toEqual([]);
  });

  it("writes nothing when a member is unknown or not a member state", () => {
    setTargetGroup(db(), { key: "hrc-example", nameEn: "Example group", nameFa: "گروه نمونه", members: ["IR"] });
    const result = setTargetGroup(db(), { key: "hrc-example", nameEn: "Renamed", nameFa: "گروه نمونه", members: ["FR", "State of Palestine", "Atlantis", "VA"] });
    expect(result.ok).toBe(false);
    expect(result.ok ? [] : brief(result.problems)).toEqual([
      [2, "members", "country.not-member"],
      [3, "members", "country.unknown"],
      [4, "members", "country.not-member"],
    ]);
    expect(listTargetGroups(db())).toEqual([expect.objectContaining({ nameEn: "Example group", members: ["IR"] })]);

    const invalid = setTargetGroup(db(), { key: "Bad Key", nameEn: "", nameFa: "x", members: [] });
    expect(invalid.ok ? [] : invalid.problems.map((p) => p.code)).toEqual(["key.invalid", "name_en.invalid", "members.empty"]);
  });
});
