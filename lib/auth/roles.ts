/**
 * Roles and the OIDC role mapping. Pure: the policy comes from configuration, the claims from the
 * identity provider's ID token; nothing here reads the environment.
 */

export const ROLES = ['viewer', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return value === 'viewer' || value === 'admin';
}

export interface OidcRolePolicy {
  /** Claim holding the user's groups: `groups`, `cognito:groups`, a namespaced URL, or a dot path. */
  groupsClaim: string;
  adminGroups: readonly string[];
  viewerGroups: readonly string[];
  /** Lower-cased email addresses. */
  adminEmails: readonly string[];
  viewerEmails: readonly string[];
}

export type Claims = Record<string, unknown>;

/**
 * Reads a claim by exact name first (claim names such as `https://example.com/groups` contain dots),
 * then as a dot path into nested objects (Keycloak's `realm_access.roles`).
 */
export function readClaim(claims: Claims, name: string): unknown {
  if (Object.hasOwn(claims, name)) return claims[name];
  let current: unknown = claims;
  for (const part of name.split('.')) {
    if (typeof current !== 'object' || current === null || Array.isArray(current)) return undefined;
    if (!Object.hasOwn(current, part)) return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

/** Groups arrive as an array of strings or, from some providers, as one comma/space-separated string. */
export function readGroups(claims: Claims, groupsClaim: string): string[] {
  const value = readClaim(claims, groupsClaim);
  if (Array.isArray(value)) return value.filter((g): g is string => typeof g === 'string');
  if (typeof value === 'string') return splitList(value, /[\s,]+/);
  return [];
}

/** The email to match against allow-lists, or undefined when the provider says it is unverified. */
export function readVerifiedEmail(claims: Claims): string | undefined {
  const email = claims.email;
  if (typeof email !== 'string' || email === '') return undefined;
  // Providers that do not send email_verified (Entra ID) manage addresses themselves; an explicit
  // `false` means anyone could have typed the address, so it must not grant a role.
  if (claims.email_verified === false || claims.email_verified === 'false') return undefined;
  return email.trim().toLowerCase();
}

/** Admin wins over viewer; null means the user is not allowed in at all. */
export function mapOidcRole(claims: Claims, policy: OidcRolePolicy): Role | null {
  const groups = new Set(readGroups(claims, policy.groupsClaim));
  const email = readVerifiedEmail(claims);
  if (policy.adminGroups.some((g) => groups.has(g))) return 'admin';
  if (email !== undefined && policy.adminEmails.includes(email)) return 'admin';
  if (policy.viewerGroups.some((g) => groups.has(g))) return 'viewer';
  if (email !== undefined && policy.viewerEmails.includes(email)) return 'viewer';
  return null;
}

/** Splits a configuration list, dropping empty items. */
export function splitList(value: string | undefined, separator: RegExp = /,/): string[] {
  if (value === undefined) return [];
  return value
    .split(separator)
    .map((item) => item.trim())
    .filter((item) => item !== '');
}
