/** UTC time renderings used in records and object keys. Pure; callers cache where it pays. */

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function pad2(n: number): string {
  return n < 10 ? '0' + n : String(n);
}

/** `$context.requestTime`: `05/Apr/2022:23:43:16 +0000`. */
export function formatRequestTime(epochMs: number): string {
  const d = new Date(epochMs);
  return (
    pad2(d.getUTCDate()) +
    '/' +
    MONTHS[d.getUTCMonth()] +
    '/' +
    d.getUTCFullYear() +
    ':' +
    pad2(d.getUTCHours()) +
    ':' +
    pad2(d.getUTCMinutes()) +
    ':' +
    pad2(d.getUTCSeconds()) +
    ' +0000'
  );
}

/**
 * Requests arrive in time order, so consecutive records mostly share a second: format each second once.
 */
export function createRequestTimeFormatter(): (epochMs: number) => string {
  let lastSecond = Number.NaN;
  let last = '';
  return (epochMs) => {
    const second = Math.floor(epochMs / 1000);
    if (second !== lastSecond) {
      lastSecond = second;
      last = formatRequestTime(epochMs);
    }
    return last;
  };
}

/**
 * A Java DateTimeFormatter-style pattern (the subset Firehose prefixes use): yyyy, yy, MM, dd, HH,
 * mm, ss, text in single quotes; every other character is copied.
 */
export function formatJavaDatePattern(pattern: string, epochMs: number): string {
  const d = new Date(epochMs);
  const fields: Record<string, string> = {
    yyyy: String(d.getUTCFullYear()).padStart(4, '0'),
    yy: pad2(d.getUTCFullYear() % 100),
    MM: pad2(d.getUTCMonth() + 1),
    dd: pad2(d.getUTCDate()),
    HH: pad2(d.getUTCHours()),
    mm: pad2(d.getUTCMinutes()),
    ss: pad2(d.getUTCSeconds()),
  };
  return pattern.replace(
    /'([^']*)'|yyyy|yy|MM|dd|HH|mm|ss/g,
    (match, quoted: string | undefined) => (quoted !== undefined ? quoted : fields[match]),
  );
}
