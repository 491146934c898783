/**
 * IP addresses as 128-bit numbers so that one range check serves exact addresses and CIDR blocks,
 * IPv4 and IPv6 alike. IPv4 maps into ::ffff:0:0/96 (as RFC 4291 does), so `10.0.0.0/8` and
 * `::ffff:10.0.0.0/104` mean the same block.
 */
const V4_MAPPED_BASE = 0xffff_0000_0000n;
const MAX_128 = (1n << 128n) - 1n;

export interface IpRange {
  lo: bigint;
  hi: bigint;
}

function parseIpv4Number(text: string): number | null {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  let value = 0;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part)) return null;
    const octet = Number(part);
    if (octet > 255) return null;
    value = value * 256 + octet;
  }
  return value;
}

function parseIpv6(text: string): bigint | null {
  let body = text;
  const lastColon = body.lastIndexOf(':');
  if (body.includes('.', lastColon)) {
    // An embedded IPv4 tail (::ffff:1.2.3.4) is two 16-bit groups written differently.
    const v4 = parseIpv4Number(body.slice(lastColon + 1));
    if (v4 === null) return null;
    body = `${body.slice(0, lastColon + 1)}${(v4 >>> 16).toString(16)}:${(v4 & 0xffff).toString(16)}`;
  }
  const halves = body.split('::');
  if (halves.length > 2) return null;
  const head = parseGroups(halves[0]);
  const rest = halves.length === 2 ? parseGroups(halves[1]) : [];
  if (head === null || rest === null) return null;
  const explicit = head.length + rest.length;
  if (halves.length === 2 ? explicit > 7 : explicit !== 8) return null;
  const groups = [...head, ...Array<bigint>(8 - explicit).fill(0n), ...rest];
  return groups.reduce((acc, g) => (acc << 16n) | g, 0n);
}

function parseGroups(part: string): bigint[] | null {
  if (part === '') return [];
  const out: bigint[] = [];
  for (const group of part.split(':')) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(group)) return null;
    out.push(BigInt(parseInt(group, 16)));
  }
  return out;
}

/** `10.1.2.3` -> ::ffff:10.1.2.3 as a number; IPv6 as written; null for anything else. */
export function parseIp(text: string): bigint | null {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  if (!trimmed.includes(':')) {
    const v4 = parseIpv4Number(trimmed);
    return v4 === null ? null : V4_MAPPED_BASE + BigInt(v4);
  }
  // Zone ids (fe80::1%eth0) and brackets ([::1]) are how people paste addresses; drop them.
  return parseIpv6(trimmed.replace(/^\[|\]$/g, '').replace(/%.*$/, ''));
}

/**
 * The same value as parseIp as a decimal string, fast for IPv4 (the common case during loading,
 * called once per record): no BigInt unless the address is IPv6.
 */
export function ipToDecimal(text: string): string | null {
  if (!text.includes(':')) {
    const v4 = parseIpv4Number(text);
    return v4 === null ? null : String(0xffff_0000_0000 + v4);
  }
  const value = parseIp(text);
  return value === null ? null : value.toString();
}

/** An address (`1.2.3.4`, `2001:db8::1`) or a CIDR block (`10.0.0.0/8`, `2001:db8::/32`). */
export function parseIpOrCidr(text: string): IpRange | null {
  const [addressText, prefixText, extra] = text.trim().split('/');
  if (extra !== undefined) return null;
  const address = parseIp(addressText);
  if (address === null) return null;
  if (prefixText === undefined) return { lo: address, hi: address };
  if (!/^\d{1,3}$/.test(prefixText)) return null;
  const isV4 = !addressText.includes(':');
  const prefix = Number(prefixText) + (isV4 ? 96 : 0);
  if (prefix > 128 || (isV4 && prefix < 96)) return null;
  const hostBits = BigInt(128 - prefix);
  const hostMask = (1n << hostBits) - 1n;
  const lo = address & (MAX_128 ^ hostMask);
  return { lo, hi: lo | hostMask };
}

export function isIpOrCidr(text: string): boolean {
  return parseIpOrCidr(text) !== null;
}
