/**
 * SHA-512 (FIPS 180-4 §6.4), synchronous and in plain TypeScript, for the same reason as {@linkcode sha256}. Each
 * 64-bit word is a pair of 32-bit halves (high, low) in an `Int32Array`, which keeps V8 on small integers.
 *
 * @example
 * ```ts
 * import { sha512, toHex } from "./mod.ts";
 * toHex(sha512(new TextEncoder().encode("abc"))).slice(0, 16); // "ddaf35a193617aba"
 * ```
 * @module
 */
import { pad } from "./_pad.ts";

/**
 * Round constants, high then low half: the first 64 bits of the fractional parts of the cube roots of the first 80
 * primes.
 */
const K = new Int32Array([
  0x428a2f98,
  0xd728ae22,
  0x71374491,
  0x23ef65cd,
  0xb5c0fbcf,
  0xec4d3b2f,
  0xe9b5dba5,
  0x8189dbbc,
  0x3956c25b,
  0xf348b538,
  0x59f111f1,
  0xb605d019,
  0x923f82a4,
  0xaf194f9b,
  0xab1c5ed5,
  0xda6d8118,
  0xd807aa98,
  0xa3030242,
  0x12835b01,
  0x45706fbe,
  0x243185be,
  0x4ee4b28c,
  0x550c7dc3,
  0xd5ffb4e2,
  0x72be5d74,
  0xf27b896f,
  0x80deb1fe,
  0x3b1696b1,
  0x9bdc06a7,
  0x25c71235,
  0xc19bf174,
  0xcf692694,
  0xe49b69c1,
  0x9ef14ad2,
  0xefbe4786,
  0x384f25e3,
  0x0fc19dc6,
  0x8b8cd5b5,
  0x240ca1cc,
  0x77ac9c65,
  0x2de92c6f,
  0x592b0275,
  0x4a7484aa,
  0x6ea6e483,
  0x5cb0a9dc,
  0xbd41fbd4,
  0x76f988da,
  0x831153b5,
  0x983e5152,
  0xee66dfab,
  0xa831c66d,
  0x2db43210,
  0xb00327c8,
  0x98fb213f,
  0xbf597fc7,
  0xbeef0ee4,
  0xc6e00bf3,
  0x3da88fc2,
  0xd5a79147,
  0x930aa725,
  0x06ca6351,
  0xe003826f,
  0x14292967,
  0x0a0e6e70,
  0x27b70a85,
  0x46d22ffc,
  0x2e1b2138,
  0x5c26c926,
  0x4d2c6dfc,
  0x5ac42aed,
  0x53380d13,
  0x9d95b3df,
  0x650a7354,
  0x8baf63de,
  0x766a0abb,
  0x3c77b2a8,
  0x81c2c92e,
  0x47edaee6,
  0x92722c85,
  0x1482353b,
  0xa2bfe8a1,
  0x4cf10364,
  0xa81a664b,
  0xbc423001,
  0xc24b8b70,
  0xd0f89791,
  0xc76c51a3,
  0x0654be30,
  0xd192e819,
  0xd6ef5218,
  0xd6990624,
  0x5565a910,
  0xf40e3585,
  0x5771202a,
  0x106aa070,
  0x32bbd1b8,
  0x19a4c116,
  0xb8d2d0c8,
  0x1e376c08,
  0x5141ab53,
  0x2748774c,
  0xdf8eeb99,
  0x34b0bcb5,
  0xe19b48a8,
  0x391c0cb3,
  0xc5c95a63,
  0x4ed8aa4a,
  0xe3418acb,
  0x5b9cca4f,
  0x7763e373,
  0x682e6ff3,
  0xd6b2b8a3,
  0x748f82ee,
  0x5defb2fc,
  0x78a5636f,
  0x43172f60,
  0x84c87814,
  0xa1f0ab72,
  0x8cc70208,
  0x1a6439ec,
  0x90befffa,
  0x23631e28,
  0xa4506ceb,
  0xde82bde9,
  0xbef9a3f7,
  0xb2c67915,
  0xc67178f2,
  0xe372532b,
  0xca273ece,
  0xea26619c,
  0xd186b8c7,
  0x21c0c207,
  0xeada7dd6,
  0xcde0eb1e,
  0xf57d4f7f,
  0xee6ed178,
  0x06f067aa,
  0x72176fba,
  0x0a637dc5,
  0xa2c898a6,
  0x113f9804,
  0xbef90dae,
  0x1b710b35,
  0x131c471b,
  0x28db77f5,
  0x23047d84,
  0x32caab7b,
  0x40c72493,
  0x3c9ebe0a,
  0x15c9bebc,
  0x431d67c4,
  0x9c100d4c,
  0x4cc5d4be,
  0xcb3e42b6,
  0x597f299c,
  0xfc657e2a,
  0x5fcb6fab,
  0x3ad6faec,
  0x6c44198c,
  0x4a475817,
]);

/** Initial hash value, high then low half: the first 64 bits of the fractional parts of the square roots of the first 8 primes. */
const H0 = [
  0x6a09e667,
  0xf3bcc908,
  0xbb67ae85,
  0x84caa73b,
  0x3c6ef372,
  0xfe94f82b,
  0xa54ff53a,
  0x5f1d36f1,
  0x510e527f,
  0xade682d1,
  0x9b05688c,
  0x2b3e6c1f,
  0x1f83d9ab,
  0xfb41bd6b,
  0x5be0cd19,
  0x137e2179,
];

const TWO_32 = 0x100000000;

/** Returns the 64-byte SHA-512 digest of `data`. */
export function sha512(data: Uint8Array): Uint8Array {
  const message = pad(data, 128);
  const view = new DataView(message.buffer);
  const h = new Int32Array(H0);
  const w = new Int32Array(160);
  for (let offset = 0; offset < message.length; offset += 128) {
    for (let i = 0; i < 32; i++) w[i] = view.getInt32(offset + i * 4);
    for (let i = 32; i < 160; i += 2) schedule(w, i);
    compress(h, w);
  }
  const out = new Uint8Array(64);
  const outView = new DataView(out.buffer);
  for (let i = 0; i < 16; i++) outView.setInt32(i * 4, h[i]!);
  return out;
}

/** Message schedule word t = i / 2: σ1(W[t-2]) + W[t-7] + σ0(W[t-15]) + W[t-16]. */
function schedule(w: Int32Array, i: number): void {
  const xh = w[i - 30]!, xl = w[i - 29]!; // W[t-15]
  const yh = w[i - 4]!, yl = w[i - 3]!; // W[t-2]
  // σ0 = rotr 1 ^ rotr 8 ^ shr 7; σ1 = rotr 19 ^ rotr 61 ^ shr 6
  const s0h = rotrHi(xh, xl, 1) ^ rotrHi(xh, xl, 8) ^ (xh >>> 7);
  const s0l = rotrLo(xh, xl, 1) ^ rotrLo(xh, xl, 8) ^ rotrLo(xh, xl, 7);
  const s1h = rotrHi(yh, yl, 19) ^ rotrHi(yl, yh, 29) ^ (yh >>> 6);
  const s1l = rotrLo(yh, yl, 19) ^ rotrLo(yl, yh, 29) ^ rotrLo(yh, yl, 6);
  const lo = (s0l >>> 0) + (s1l >>> 0) + (w[i - 13]! >>> 0) + (w[i - 31]! >>> 0);
  w[i] = (s0h + s1h + w[i - 14]! + w[i - 32]! + Math.floor(lo / TWO_32)) | 0;
  w[i + 1] = lo | 0;
}

/** The 80 rounds over one block's schedule `w`, added into the hash state `h`. */
function compress(h: Int32Array, w: Int32Array): void {
  let ah = h[0]!, al = h[1]!, bh = h[2]!, bl = h[3]!, ch = h[4]!, cl = h[5]!, dh = h[6]!, dl = h[7]!;
  let eh = h[8]!, el = h[9]!, fh = h[10]!, fl = h[11]!, gh = h[12]!, gl = h[13]!, hh = h[14]!, hl = h[15]!;
  for (let i = 0; i < 160; i += 2) {
    // Σ1(e) = rotr 14 ^ rotr 18 ^ rotr 41; Ch(e, f, g) = (e & f) ^ (~e & g)
    const sigma1h = rotrHi(eh, el, 14) ^ rotrHi(eh, el, 18) ^ rotrHi(el, eh, 9);
    const sigma1l = rotrLo(eh, el, 14) ^ rotrLo(eh, el, 18) ^ rotrLo(el, eh, 9);
    const chh = (eh & fh) ^ (~eh & gh);
    const chl = (el & fl) ^ (~el & gl);
    const t1lo = (hl >>> 0) + (sigma1l >>> 0) + (chl >>> 0) + (K[i + 1]! >>> 0) + (w[i + 1]! >>> 0);
    const t1h = (hh + sigma1h + chh + K[i]! + w[i]! + Math.floor(t1lo / TWO_32)) | 0;
    const t1l = t1lo | 0;
    // Σ0(a) = rotr 28 ^ rotr 34 ^ rotr 39; Maj(a, b, c) = (a & b) ^ (a & c) ^ (b & c)
    const sigma0h = rotrHi(ah, al, 28) ^ rotrHi(al, ah, 2) ^ rotrHi(al, ah, 7);
    const sigma0l = rotrLo(ah, al, 28) ^ rotrLo(al, ah, 2) ^ rotrLo(al, ah, 7);
    const majh = (ah & bh) ^ (ah & ch) ^ (bh & ch);
    const majl = (al & bl) ^ (al & cl) ^ (bl & cl);
    const t2lo = (sigma0l >>> 0) + (majl >>> 0);
    const t2h = (sigma0h + majh + Math.floor(t2lo / TWO_32)) | 0;
    const t2l = t2lo | 0;
    hh = gh, hl = gl, gh = fh, gl = fl, fh = eh, fl = el;
    const elo = (dl >>> 0) + (t1l >>> 0);
    eh = (dh + t1h + Math.floor(elo / TWO_32)) | 0, el = elo | 0;
    dh = ch, dl = cl, ch = bh, cl = bl, bh = ah, bl = al;
    const alo = (t1l >>> 0) + (t2l >>> 0);
    ah = (t1h + t2h + Math.floor(alo / TWO_32)) | 0, al = alo | 0;
  }
  const working = [ah, al, bh, bl, ch, cl, dh, dl, eh, el, fh, fl, gh, gl, hh, hl];
  for (let i = 0; i < 16; i += 2) {
    const lo = (h[i + 1]! >>> 0) + (working[i + 1]! >>> 0);
    h[i] = (h[i]! + working[i]! + Math.floor(lo / TWO_32)) | 0;
    h[i + 1] = lo | 0;
  }
}

/** High half of the 64-bit (hi, lo) rotated right by n (0 < n < 32); pass (lo, hi) and n − 32 for n > 32. */
function rotrHi(hi: number, lo: number, n: number): number {
  return (hi >>> n) | (lo << (32 - n));
}

/**
 * Low half of the 64-bit (hi, lo) rotated right by n (0 < n < 32); pass (lo, hi) and n − 32 for n > 32. Also the low
 * half of (hi, lo) shifted right by n, whose high half is `hi >>> n`.
 */
function rotrLo(hi: number, lo: number, n: number): number {
  return (lo >>> n) | (hi << (32 - n));
}
