// Decryption of many AES-256-GCM fields at once, for exports. node:crypto costs several microseconds per
// Decipheriv (object set-up and four native calls), far more than the AES work on a 30-byte name, so an
// export of a million rows would spend most of its time there. This module does the same GCM computation
// (NIST SP 800-38D, 96-bit IVs, 128-bit tags) in bulk:
//
//   - the CTR keystream of every field of a batch, and each field's tag mask E(K, J0), come from ONE native
//     AES-256-ECB call over the counter blocks (OpenSSL, AES-NI);
//   - the tag is recomputed with GHASH over the associated data (the field name) and the ciphertext, using
//     8-bit multiplication tables for the hash key H = E(K, 0^128), and compared with the stored tag: a field
//     that was tampered with, moved to another column or encrypted under another key is refused, exactly as
//     node:crypto would refuse it.
//
// The blob format is crypto.server.ts's: [version 0x01][key id][12-byte IV][16-byte tag][ciphertext].
// Tested against node:crypto on random inputs (gcm-batch.server.test.ts). Table-driven GHASH is not
// constant-time; it only ever runs on our own stored data in a batch export, where no attacker chooses the
// input or observes the timing of single operations (docs/decisions/0019-export-decryption.md).
import crypto from "node:crypto";

const IV_BYTES = 12;
const TAG_BYTES = 16;
const HEADER_BYTES = 2 + IV_BYTES + TAG_BYTES;
const VERSION = 1;

/** GHASH multiplication tables for one hash key: 16 byte positions × 256 values × 4 words. */
function ghashTables(h: Buffer): Int32Array {
  // basis[k] = H · x^k in GCM's bit-reflected representation (x^k is bit k counted from the first bit).
  let v0 = h.readUInt32BE(0);
  let v1 = h.readUInt32BE(4);
  let v2 = h.readUInt32BE(8);
  let v3 = h.readUInt32BE(12);
  const basis = new Int32Array(128 * 4);
  for (let k = 0; k < 128; k++) {
    basis[k * 4] = v0;
    basis[k * 4 + 1] = v1;
    basis[k * 4 + 2] = v2;
    basis[k * 4 + 3] = v3;
    const carry = v3 & 1;
    v3 = ((v3 >>> 1) | (v2 << 31)) >>> 0;
    v2 = ((v2 >>> 1) | (v1 << 31)) >>> 0;
    v1 = ((v1 >>> 1) | (v0 << 31)) >>> 0;
    v0 = v0 >>> 1;
    if (carry) v0 = (v0 ^ 0xe1000000) >>> 0;
  }
  const table = new Int32Array(16 * 256 * 4);
  for (let position = 0; position < 16; position++) {
    for (let value = 0; value < 256; value++) {
      let a0 = 0;
      let a1 = 0;
      let a2 = 0;
      let a3 = 0;
      for (let bit = 0; bit < 8; bit++) {
        if (!(value & (0x80 >> bit))) continue;
        const k = (position * 8 + bit) * 4;
        a0 ^= basis[k]!;
        a1 ^= basis[k + 1]!;
        a2 ^= basis[k + 2]!;
        a3 ^= basis[k + 3]!;
      }
      const o = (position * 256 + value) * 4;
      table[o] = a0;
      table[o + 1] = a1;
      table[o + 2] = a2;
      table[o + 3] = a3;
    }
  }
  return table;
}

/** The big-endian 32-bit word at p (as a signed int, like the GHASH words). */
function be32(b: Uint8Array, p: number): number {
  return (b[p]! << 24) | (b[p + 1]! << 16) | (b[p + 2]! << 8) | b[p + 3]!;
}

/** A GHASH state over 4 words, with the tables of one key. */
class Ghash {
  y0 = 0;
  y1 = 0;
  y2 = 0;
  y3 = 0;
  constructor(private readonly t: Int32Array) {}

  /** Y = (Y xor X) · H */
  block(x0: number, x1: number, x2: number, x3: number) {
    const t = this.t;
    x0 ^= this.y0;
    x1 ^= this.y1;
    x2 ^= this.y2;
    x3 ^= this.y3;
    let z0 = 0;
    let z1 = 0;
    let z2 = 0;
    let z3 = 0;
    let o = (x0 >>> 24) << 2;
    z0 ^= t[o]!; z1 ^= t[o + 1]!; z2 ^= t[o + 2]!; z3 ^= t[o + 3]!; // prettier-ignore
    o = (256 + ((x0 >>> 16) & 255)) << 2;
    z0 ^= t[o]!; z1 ^= t[o + 1]!; z2 ^= t[o + 2]!; z3 ^= t[o + 3]!; // prettier-ignore
    o = (512 + ((x0 >>> 8) & 255)) << 2;
    z0 ^= t[o]!; z1 ^= t[o + 1]!; z2 ^= t[o + 2]!; z3 ^= t[o + 3]!; // prettier-ignore
    o = (768 + (x0 & 255)) << 2;
    z0 ^= t[o]!; z1 ^= t[o + 1]!; z2 ^= t[o + 2]!; z3 ^= t[o + 3]!; // prettier-ignore
    o = (1024 + (x1 >>> 24)) << 2;
    z0 ^= t[o]!; z1 ^= t[o + 1]!; z2 ^= t[o + 2]!; z3 ^= t[o + 3]!; // prettier-ignore
    o = (1280 + ((x1 >>> 16) & 255)) << 2;
    z0 ^= t[o]!; z1 ^= t[o + 1]!; z2 ^= t[o + 2]!; z3 ^= t[o + 3]!; // prettier-ignore
    o = (1536 + ((x1 >>> 8) & 255)) << 2;
    z0 ^= t[o]!; z1 ^= t[o + 1]!; z2 ^= t[o + 2]!; z3 ^= t[o + 3]!; // prettier-ignore
    o = (1792 + (x1 & 255)) << 2;
    z0 ^= t[o]!; z1 ^= t[o + 1]!; z2 ^= t[o + 2]!; z3 ^= t[o + 3]!; // prettier-ignore
    o = (2048 + (x2 >>> 24)) << 2;
    z0 ^= t[o]!; z1 ^= t[o + 1]!; z2 ^= t[o + 2]!; z3 ^= t[o + 3]!; // prettier-ignore
    o = (2304 + ((x2 >>> 16) & 255)) << 2;
    z0 ^= t[o]!; z1 ^= t[o + 1]!; z2 ^= t[o + 2]!; z3 ^= t[o + 3]!; // prettier-ignore
    o = (2560 + ((x2 >>> 8) & 255)) << 2;
    z0 ^= t[o]!; z1 ^= t[o + 1]!; z2 ^= t[o + 2]!; z3 ^= t[o + 3]!; // prettier-ignore
    o = (2816 + (x2 & 255)) << 2;
    z0 ^= t[o]!; z1 ^= t[o + 1]!; z2 ^= t[o + 2]!; z3 ^= t[o + 3]!; // prettier-ignore
    o = (3072 + (x3 >>> 24)) << 2;
    z0 ^= t[o]!; z1 ^= t[o + 1]!; z2 ^= t[o + 2]!; z3 ^= t[o + 3]!; // prettier-ignore
    o = (3328 + ((x3 >>> 16) & 255)) << 2;
    z0 ^= t[o]!; z1 ^= t[o + 1]!; z2 ^= t[o + 2]!; z3 ^= t[o + 3]!; // prettier-ignore
    o = (3584 + ((x3 >>> 8) & 255)) << 2;
    z0 ^= t[o]!; z1 ^= t[o + 1]!; z2 ^= t[o + 2]!; z3 ^= t[o + 3]!; // prettier-ignore
    o = (3840 + (x3 & 255)) << 2;
    z0 ^= t[o]!; z1 ^= t[o + 1]!; z2 ^= t[o + 2]!; z3 ^= t[o + 3]!; // prettier-ignore
    this.y0 = z0;
    this.y1 = z1;
    this.y2 = z2;
    this.y3 = z3;
  }

  /** Absorbs bytes [start, end) of `b`, the last block padded with zeros. */
  absorb(b: Uint8Array, start: number, end: number) {
    let p = start;
    for (; p + 16 <= end; p += 16) {
      this.block(
        (b[p]! << 24) | (b[p + 1]! << 16) | (b[p + 2]! << 8) | b[p + 3]!,
        (b[p + 4]! << 24) | (b[p + 5]! << 16) | (b[p + 6]! << 8) | b[p + 7]!,
        (b[p + 8]! << 24) | (b[p + 9]! << 16) | (b[p + 10]! << 8) | b[p + 11]!,
        (b[p + 12]! << 24) | (b[p + 13]! << 16) | (b[p + 14]! << 8) | b[p + 15]!,
      );
    }
    if (p < end) {
      const w = new Int32Array(4);
      for (let i = 0; p + i < end; i++) w[i >> 2] = w[i >> 2]! | (b[p + i]! << (24 - 8 * (i & 3)));
      this.block(w[0]!, w[1]!, w[2]!, w[3]!);
    }
  }
}

/** Per key: the ECB cipher's key, the GHASH tables, and the GHASH state after each field name (AAD). */
interface KeyState {
  key: crypto.KeyObject;
  tables: Int32Array;
  afterAad: Map<string, [number, number, number, number]>;
}

const states = new WeakMap<crypto.KeyObject, KeyState>();

function stateOf(key: crypto.KeyObject): KeyState {
  let state = states.get(key);
  if (!state) {
    const h = crypto.createCipheriv("aes-256-ecb", key, null).setAutoPadding(false).update(Buffer.alloc(16));
    state = { key, tables: ghashTables(h), afterAad: new Map() };
    states.set(key, state);
  }
  return state;
}

function aadState(state: KeyState, aad: string): [number, number, number, number] {
  let s = state.afterAad.get(aad);
  if (!s) {
    const g = new Ghash(state.tables);
    const bytes = Buffer.from(aad, "ascii");
    g.absorb(bytes, 0, bytes.length);
    s = [g.y0, g.y1, g.y2, g.y3];
    state.afterAad.set(aad, s);
  }
  return s;
}

export class DecryptionError extends Error {
  constructor(
    readonly index: number,
    reason: string,
  ) {
    super(`Field ${index} of the batch: ${reason}`);
  }
}

/**
 * Decrypts a batch of blobs of one field. `null` or empty blobs give `null` (data removed or never given).
 * Throws a DecryptionError naming the first blob that is malformed, under an unknown key, or whose tag
 * does not match (tampered, or from another field).
 */
export function decryptBatch(aad: string, blobs: readonly (Uint8Array | null | undefined)[], keys: ReadonlyMap<number, crypto.KeyObject>): (string | null)[] {
  const empty = new Uint8Array(0);
  const sources = blobs.map((b) => b ?? empty);
  return textsOf(decryptSegments(aad, sources, new Array<number>(blobs.length).fill(0), sources.map((b) => b.length), keys));
}

/**
 * The plaintexts of a batch as UTF-8 bytes, all in one buffer: value i is bytes [starts[i], starts[i] +
 * lengths[i]) of `bytes`, or null when lengths[i] is -1. Lets an export write the values without making a
 * string of each.
 */
export interface Plaintexts {
  bytes: Buffer;
  starts: Int32Array;
  lengths: Int32Array;
}

/**
 * Decrypts blobs stored one after the other in `packed` (as SQLite's group_concat of a blob column gives
 * them), blob i being `lengths[i]` bytes long (0: null), giving the plaintexts as bytes. Same checks and
 * errors as decryptBatch.
 */
export function decryptPackedBytes(aad: string, packed: Uint8Array, lengths: readonly number[], keys: ReadonlyMap<number, crypto.KeyObject>): Plaintexts {
  const starts = new Array<number>(lengths.length);
  let offset = 0;
  for (let i = 0; i < lengths.length; i++) {
    starts[i] = offset;
    offset += lengths[i]!;
  }
  if (offset !== packed.length) throw new DecryptionError(-1, `packed blobs are ${packed.length} bytes, lengths say ${offset}`);
  return decryptSegments(aad, new Array<Uint8Array>(lengths.length).fill(packed), starts, lengths, keys);
}

function textsOf(plain: Plaintexts): (string | null)[] {
  const out = new Array<string | null>(plain.lengths.length);
  for (let i = 0; i < out.length; i++) {
    const length = plain.lengths[i]!;
    out[i] = length < 0 ? null : plain.bytes.toString("utf8", plain.starts[i]!, plain.starts[i]! + length);
  }
  return out;
}

/** The core: blob i is bytes [starts[i], starts[i] + lengths[i]) of sources[i]. */
function decryptSegments(
  aad: string,
  sources: readonly Uint8Array[],
  starts: readonly number[],
  lengths: readonly number[],
  keys: ReadonlyMap<number, crypto.KeyObject>,
): Plaintexts {
  const count = lengths.length;
  const plainStarts = new Int32Array(count);
  const plainLengths = new Int32Array(count).fill(-1);
  let plainBytes = 0;
  // Group by key id (normally one): each group is one ECB call.
  const groups = new Map<number, number[]>();
  for (let i = 0; i < count; i++) {
    const length = lengths[i]!;
    if (length === 0) continue;
    const b = sources[i]!;
    const s = starts[i]!;
    if (length < HEADER_BYTES || b[s] !== VERSION) throw new DecryptionError(i, "unknown ciphertext format");
    const keyId = b[s + 1]!;
    if (!keys.has(keyId)) throw new DecryptionError(i, `unknown encryption key ${keyId}`);
    let group = groups.get(keyId);
    if (!group) groups.set(keyId, (group = []));
    group.push(i);
    plainStarts[i] = plainBytes;
    plainLengths[i] = length - HEADER_BYTES;
    plainBytes += length - HEADER_BYTES;
  }
  const plain = Buffer.allocUnsafe(plainBytes);
  const aadBits = Buffer.byteLength(aad, "ascii") * 8;
  for (const [keyId, indexes] of groups) {
    const state = stateOf(keys.get(keyId)!);
    const [a0, a1, a2, a3] = aadState(state, aad);
    // Counter blocks: per blob, IV‖1 (the tag mask) then IV‖2, IV‖3 … for the ciphertext.
    let blocks = 0;
    for (const i of indexes) blocks += 1 + ((lengths[i]! - HEADER_BYTES + 15) >> 4);
    const counters = Buffer.allocUnsafe(blocks * 16);
    let o = 0;
    for (const i of indexes) {
      const b = sources[i]!;
      const iv = starts[i]! + 2;
      const n = 1 + ((lengths[i]! - HEADER_BYTES + 15) >> 4);
      // The IV read once, written into each of the field's counter blocks.
      const v0 = b[iv]!, v1 = b[iv + 1]!, v2 = b[iv + 2]!, v3 = b[iv + 3]!, v4 = b[iv + 4]!, v5 = b[iv + 5]!; // prettier-ignore
      const v6 = b[iv + 6]!, v7 = b[iv + 7]!, v8 = b[iv + 8]!, v9 = b[iv + 9]!, v10 = b[iv + 10]!, v11 = b[iv + 11]!; // prettier-ignore
      for (let j = 1; j <= n; j++) {
        counters[o] = v0; counters[o + 1] = v1; counters[o + 2] = v2; counters[o + 3] = v3; // prettier-ignore
        counters[o + 4] = v4; counters[o + 5] = v5; counters[o + 6] = v6; counters[o + 7] = v7; // prettier-ignore
        counters[o + 8] = v8; counters[o + 9] = v9; counters[o + 10] = v10; counters[o + 11] = v11; // prettier-ignore
        counters[o + 12] = j >>> 24;
        counters[o + 13] = (j >>> 16) & 255;
        counters[o + 14] = (j >>> 8) & 255;
        counters[o + 15] = j & 255;
        o += 16;
      }
    }
    const stream = crypto.createCipheriv("aes-256-ecb", state.key, null).setAutoPadding(false).update(counters);
    const g = new Ghash(state.tables);
    o = 0;
    for (const i of indexes) {
      const b = sources[i]!;
      const s = starts[i]!;
      const body = s + HEADER_BYTES;
      const length = lengths[i]! - HEADER_BYTES;
      g.y0 = a0;
      g.y1 = a1;
      g.y2 = a2;
      g.y3 = a3;
      g.absorb(b, body, body + length);
      // The lengths block: 64-bit bit lengths of the AAD and the ciphertext (both far below 2^32).
      g.block(0, aadBits, 0, length * 8);
      const t = s + 2 + IV_BYTES;
      const diff =
        (g.y0 ^ be32(stream, o) ^ be32(b, t)) | (g.y1 ^ be32(stream, o + 4) ^ be32(b, t + 4)) | (g.y2 ^ be32(stream, o + 8) ^ be32(b, t + 8)) | (g.y3 ^ be32(stream, o + 12) ^ be32(b, t + 12));
      if (diff !== 0) throw new DecryptionError(i, "authentication failed");
      const start = o + 16;
      const target = plainStarts[i]!;
      for (let k = 0; k < length; k++) plain[target + k] = stream[start + k]! ^ b[body + k]!;
      o += (1 + ((length + 15) >> 4)) * 16;
    }
  }
  return { bytes: plain, starts: plainStarts, lengths: plainLengths };
}
