/**
 * The Content-Security-Policy sent with every page (by proxy.ts, with a fresh nonce per request).
 * Scripts run only from this origin or with the nonce Next.js stamps on its own inline scripts;
 * 'strict-dynamic' lets those load the chunks they need. Style attributes stay allowed because chart
 * and table libraries position elements with them; a style attribute cannot run script.
 */
export interface CspOptions {
  nonce: string;
  /** `next dev` needs eval for React's debugging and inline styles for fast refresh. */
  development: boolean;
  /** Behind HTTPS, ask the browser to upgrade any stray http:// sub-resource. */
  https: boolean;
}

export function buildContentSecurityPolicy({ nonce, development, https }: CspOptions): string {
  const directives = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${development ? " 'unsafe-eval'" : ''}`,
    development ? "style-src 'self' 'unsafe-inline'" : `style-src 'self' 'nonce-${nonce}'`,
    "style-src-attr 'unsafe-inline'",
    "img-src 'self' blob: data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(https ? ['upgrade-insecure-requests'] : []),
  ];
  return directives.join('; ');
}

/** A fresh, unguessable nonce (128 bits, base64). */
export function generateNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}
