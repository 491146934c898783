import { formatPrincipalId } from '../ids';
import type { Rng } from '../prng';
import { createWeightedPicker } from '../weighted-picker';
import { USER_AGENTS } from './user-agents';

/**
 * A fixed population of clients, each with one address and one user agent. Requests pick a client
 * with Zipf-like popularity, so a handful of clients (a partner backend, a NAT gateway) dominate.
 */
export interface Client {
  ip: string;
  userAgent: string | null;
  /** IAM-signed callers carry a principal id in caller and user; everyone else has none. */
  principal: string | null;
}

// Public-looking first octets (cloud providers, ISPs); private and reserved ranges are avoided.
const IPV4_FIRST_OCTETS = [
  3, 18, 34, 35, 52, 54, 63, 66, 73, 81, 85, 91, 98, 104, 142, 151, 185, 203, 212, 217,
];
const IPV6_PREFIXES = [
  '2600:1f18',
  '2a02:26f0',
  '2001:4860',
  '2a01:4f8',
  '2603:8080',
  '2406:da18',
  '2a00:23c7',
];

function hextet(rng: Rng): string {
  return (rng.nextUint32() & 0xffff).toString(16);
}

export function generateIpv4(rng: Rng): string {
  const r = rng.nextUint32();
  return `${rng.pick(IPV4_FIRST_OCTETS)}.${r & 255}.${(r >>> 8) & 255}.${((r >>> 16) % 254) + 1}`;
}

/** Valid IPv6 text, sometimes compressed with `::` as real stacks print it. */
export function generateIpv6(rng: Rng): string {
  const head = `${rng.pick(IPV6_PREFIXES)}:${hextet(rng)}:${hextet(rng)}`;
  if (rng.chance(0.6)) return `${head}::${hextet(rng)}`;
  return `${head}:${hextet(rng)}:${hextet(rng)}:${hextet(rng)}:${hextet(rng)}`;
}

export function createClients(rng: Rng, count: number, ipv6Share: number): Client[] {
  const agents = createWeightedPicker(USER_AGENTS.map(([, w]) => w));
  return Array.from({ length: count }, () => ({
    ip: rng.chance(ipv6Share) ? generateIpv6(rng) : generateIpv4(rng),
    userAgent: USER_AGENTS[agents.pick(rng)][0],
    principal: rng.chance(0.03) ? formatPrincipalId(rng) : null,
  }));
}
