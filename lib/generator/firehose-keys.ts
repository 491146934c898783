import { formatJavaDatePattern } from './time-format';

/**
 * Firehose S3 key layout: `{prefix}{YYYY/MM/DD/HH/}{stream}-{version}-{YYYY-MM-DD-HH-MM-SS}-{uuid}.gz`,
 * all in UTC and all taken from the arrival time of the oldest record in the object.
 */

const EXPRESSION = /!\{([A-Za-z]+):([^}]*)\}/g;

export interface PrefixContext {
  /** Arrival time (epoch ms) of the oldest record in the object. */
  arrival: number;
  /** Value for `!{firehose:random-string}` (Firehose draws 11 characters per object). */
  randomString?: string;
}

/**
 * Expands `!{timestamp:<java pattern>}` and `!{firehose:random-string}`. Like Firehose, a prefix
 * without any timestamp expression gets the default `yyyy/MM/dd/HH/` appended.
 */
export function expandPrefix(prefix: string, context: PrefixContext): string {
  let hasTimestamp = false;
  const expanded = prefix.replace(EXPRESSION, (whole, namespace: string, argument: string) => {
    if (namespace === 'timestamp') {
      hasTimestamp = true;
      return formatJavaDatePattern(argument, context.arrival);
    }
    if (namespace === 'firehose' && argument === 'random-string') {
      if (context.randomString === undefined) {
        throw new Error('prefix uses !{firehose:random-string} but no random string was supplied');
      }
      return context.randomString;
    }
    throw new Error(`unsupported Firehose prefix expression ${whole}`);
  });
  return hasTimestamp
    ? expanded
    : expanded + formatJavaDatePattern('yyyy/MM/dd/HH/', context.arrival);
}

export function prefixUsesRandomString(prefix: string): boolean {
  return prefix.includes('!{firehose:random-string}');
}

export interface ObjectKeyParts extends PrefixContext {
  prefix: string;
  /** Delivery stream name without the `amazon-apigateway-` prefix. */
  stream: string;
  uuid: string;
  /** Firehose's delivery stream version; 1 unless the destination was reconfigured. */
  version?: number;
  extension?: string;
}

export function buildObjectKey(parts: ObjectKeyParts): string {
  const stamp = formatJavaDatePattern('yyyy-MM-dd-HH-mm-ss', parts.arrival);
  return (
    expandPrefix(parts.prefix, parts) +
    `amazon-apigateway-${parts.stream}-${parts.version ?? 1}-${stamp}-${parts.uuid}${parts.extension ?? '.gz'}`
  );
}
