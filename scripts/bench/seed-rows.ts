// The signatures the bench seeds, row by row, as the platform stores them: encrypted name and email (and
// comment), the keyed hash of the canonical address, a public name when the signer chose to be listed.
// Used by seed.ts directly and, for the million rows, by two worker threads (seed-worker.ts) that prepare
// rows while the main thread inserts them.
import { publicNameOf } from "../../app/petitions/signing.server";
import { encryptField, lookupHash } from "../../app/utils/crypto.server";
import { canonicalEmail } from "../../app/utils/email-address.server";

export interface RowsPlan {
  petitionId: number;
  status: "confirmed" | "pending";
  /** Distinguishes the email addresses of separate batches. */
  prefix: string;
  /** Countries, most signers first (chosen with weight 1/(rank+1)). */
  countries: string[];
  /** Rows [start, end) of `count`. */
  start: number;
  end: number;
  count: number;
  now: number;
}

/** The values of INSERT INTO signatures, in insertStatement's column order. */
export type SignatureRow = [
  petitionId: number,
  emailHash: string,
  emailEnc: Uint8Array,
  nameEnc: Uint8Array,
  publicName: string | null,
  country: string,
  commentEnc: Uint8Array | null,
  commentStatus: string,
  showPublicly: number,
  wantsUpdates: number,
  status: string,
  locale: string,
  powVerified: number,
  createdAt: number,
  confirmedAt: number | null,
  updatedAt: number,
];

export const insertStatement = `INSERT INTO signatures (petition_id, email_hash, email_enc, name_enc, public_name, country, comment_enc, comment_status,
  show_publicly, wants_updates, status, locale, pow_verified, created_at, confirmed_at, updated_at, emails_sent)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)`;

const firstNames = ["Maryam", "Reza", "Sara", "Ali", "Leila", "Hamid", "Anna", "Jonas", "Claire", "Omid", "Nasrin", "David", "Fatemeh", "Mehdi", "Elena", "مریم", "رضا", "لیلا", "حمید", "نسرین"];
const lastNames = ["Karimi", "Ahmadi", "Rostami", "Schmidt", "Martin", "Moradi", "Jansen", "Rossi", "Tehrani", "Garcia", "Hosseini", "Novak", "کریمی", "احمدی", "رستمی", "تهرانی"];
const domains = ["example.org", "example.net", "example.com"];

/** A small deterministic random generator (mulberry32), so that every run seeds the same data. */
export function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// publicNameOf builds an Intl.Segmenter per call; the names repeat, so each is computed once.
const publicNames = new Map<string, string>();
function publicName(name: string): string {
  let value = publicNames.get(name);
  if (value === undefined) publicNames.set(name, (value = publicNameOf(name)));
  return value;
}

export function makeRows(plan: RowsPlan): SignatureRow[] {
  const rand = random(plan.start * 2654435761 + plan.prefix.length);
  const cumulative: number[] = [];
  const total = plan.countries.reduce((sum, _, rank) => sum + 1 / (rank + 1), 0);
  plan.countries.reduce((sum, _, rank) => (cumulative[rank] = sum + 1 / (rank + 1) / total), 0);
  const pickCountry = () => {
    const r = rand();
    let low = 0;
    let high = cumulative.length - 1;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (cumulative[mid]! < r) low = mid + 1;
      else high = mid;
    }
    return plan.countries[low]!;
  };
  const confirmed = plan.status === "confirmed";
  const rows: SignatureRow[] = [];
  for (let i = plan.start; i < plan.end; i++) {
    const name = `${firstNames[Math.floor(rand() * firstNames.length)]} ${lastNames[Math.floor(rand() * lastNames.length)]}`;
    const email = `${plan.prefix}${i}@${domains[i % domains.length]}`;
    const showPublicly = rand() < 0.3;
    const comment = rand() < 0.05 ? "Justice for the victims and the truth for their families." : null;
    // Confirmed signatures over the last 30 days, in id order; pending ones within the last hour (older ones
    // would be past their link's validity, and the retention job deletes those when the server starts).
    const span = confirmed ? 30 * 86_400_000 : 3_600_000;
    const createdAt = plan.now - span + Math.floor((i / Math.max(plan.count, 1)) * span);
    rows.push([
      plan.petitionId,
      lookupHash("email", canonicalEmail(email)),
      encryptField("signatures.email", email),
      encryptField("signatures.name", name),
      confirmed && showPublicly ? publicName(name) : null,
      pickCountry(),
      comment ? encryptField("signatures.comment", comment) : null,
      comment ? (confirmed && rand() < 0.1 ? "approved" : "pending") : "none",
      showPublicly ? 1 : 0,
      rand() < 0.4 ? 1 : 0,
      plan.status,
      rand() < 0.3 ? "fa" : "en",
      rand() < 0.2 ? 1 : 0,
      createdAt,
      confirmed ? createdAt + 600_000 : null,
      confirmed ? createdAt + 600_000 : createdAt,
    ]);
  }
  return rows;
}
