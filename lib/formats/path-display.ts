/**
 * `$context.path` is kept exactly as logged (URL-encoded) for filtering and grouping; this is the
 * human form for tables. Logged paths come from clients, so malformed escapes are normal input.
 * No Node APIs: table cells render in the browser too.
 */
const ESCAPE_RUN = /(?:%[0-9A-Fa-f]{2})+/g;

export function decodePathForDisplay(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    // Decode each valid escape sequence on its own; broken ones (`%E2` alone) stay as logged.
    return path.replace(ESCAPE_RUN, decodeEscapeRun);
  }
}

/** UTF-8 sequence length announced by a lead byte (1 for bytes that cannot start one). */
function sequenceLength(lead: number): number {
  if (lead >= 0xf0 && lead <= 0xf4) return 4;
  if (lead >= 0xe0) return lead <= 0xef ? 3 : 1;
  if (lead >= 0xc2) return 2;
  return 1;
}

function decodeEscapeRun(run: string): string {
  const escapes = run.match(/%[0-9A-Fa-f]{2}/g) ?? [];
  let out = '';
  let i = 0;
  while (i < escapes.length) {
    const size = Math.min(sequenceLength(parseInt(escapes[i].slice(1), 16)), escapes.length - i);
    const chunk = escapes.slice(i, i + size).join('');
    try {
      out += decodeURIComponent(chunk);
      i += size;
    } catch {
      out += escapes[i];
      i += 1;
    }
  }
  return out;
}
