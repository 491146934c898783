/**
 * Checks an access-log format and destination before anything is sent to AWS, with messages meant
 * to sit next to the field. The local control plane enforces the same rules (errors only), so what
 * the page refuses and what "AWS" refuses cannot drift apart.
 */
import { tokenizeTemplate } from '@/lib/formats/template-tokens';
import { findContextVariable, type ApiKind } from './context-variables';
import { destinationService, FIREHOSE_STREAM_PREFIX, parseDestinationArn } from './destination-arn';

export type IssueField = 'format' | 'destinationArn';

export type IssueCode =
  | 'format-empty'
  | 'missing-request-id'
  | 'multi-line'
  | 'carriage-return'
  | 'not-context-variable'
  | 'unknown-variable'
  | 'too-long'
  | 'no-trailing-newline'
  | 'destination-empty'
  | 'destination-malformed'
  | 'firehose-stream-name'
  | 'firehose-not-supported';

export interface Issue {
  field: IssueField;
  code: IssueCode;
  message: string;
}

export interface ValidationResult {
  errors: Issue[];
  warnings: Issue[];
}

export interface AccessLogSettingsInput {
  apiKind: ApiKind;
  format: string;
  destinationArn: string;
}

/** The size API Gateway's v2 model documents for a format; we hold REST formats to it as well. */
export const MAX_FORMAT_LENGTH = 1024;

/** AWS's own wording (BadRequestException) for a format with a line break before its end. */
export const AWS_SINGLE_LINE_MESSAGE =
  'Access Log format must be single line, new line character is allowed only at end of the format';

const KIND_LABEL: Record<ApiKind, string> = {
  rest: 'REST APIs',
  http: 'HTTP APIs',
  websocket: 'WebSocket APIs',
};

export function validateAccessLogSettings(input: AccessLogSettingsInput): ValidationResult {
  const format = validateFormat(input.format, input.apiKind);
  const destination = validateDestinationArn(input.destinationArn, input.apiKind);
  const result = {
    errors: [...format.errors, ...destination.errors],
    warnings: [...format.warnings, ...destination.warnings],
  };
  const target = parseDestinationArn(input.destinationArn.trim());
  if (target?.type === 'firehose' && input.format !== '' && !input.format.endsWith('\n')) {
    result.warnings.push({
      field: 'format',
      code: 'no-trailing-newline',
      message:
        'The format does not end with a newline: Firehose will glue records together in each S3 object, which breaks Athena and other line-based tools. Use "End each record with a newline".',
    });
  }
  return result;
}

export function validateFormat(format: string, apiKind: ApiKind): ValidationResult {
  const errors: Issue[] = [];
  const warnings: Issue[] = [];
  const error = (code: IssueCode, message: string) =>
    errors.push({ field: 'format', code, message });
  const warn = (code: IssueCode, message: string) =>
    warnings.push({ field: 'format', code, message });

  if (format.trim() === '') {
    error('format-empty', 'Enter a format: a stage with access logging needs one.');
    return { errors, warnings };
  }

  const body = format.endsWith('\n') ? format.slice(0, -1) : format;
  const newline = body.indexOf('\n');
  if (newline !== -1) {
    const before = body.slice(Math.max(0, newline - 20), newline);
    error('multi-line', `${AWS_SINGLE_LINE_MESSAGE}. There is a line break after "${before}".`);
  }
  if (body.includes('\r')) {
    warn(
      'carriage-return',
      'The format contains a carriage return (\\r); it will be written into every record.',
    );
  }

  if (format.length > MAX_FORMAT_LENGTH) {
    error(
      'too-long',
      `The format is ${format.length} characters long; API Gateway accepts at most ${MAX_FORMAT_LENGTH}.`,
    );
  }

  const tokens = tokenizeTemplate(format);
  const names = tokens.flatMap((t) => (t.kind === 'variable' ? [t.name] : []));
  if (!names.includes('$context.requestId') && !names.includes('$context.extendedRequestId')) {
    error(
      'missing-request-id',
      'The format must contain $context.requestId or $context.extendedRequestId.',
    );
  }

  for (const token of tokens) {
    if (token.kind === 'literal') {
      for (const stray of findStrayDollars(token.text)) {
        error(
          'not-context-variable',
          stray.startsWith('$context')
            ? `"${stray}" is not a complete variable: write $context. followed by a name, e.g. $context.status.`
            : `Only $context variables can be used in an access log format; "${stray}" is not one.`,
        );
      }
    }
  }

  const reported = new Set<string>();
  for (const name of names) {
    if (reported.has(name) || findContextVariable(name, apiKind)) continue;
    reported.add(name);
    const hint = describeUnsupported(name, apiKind);
    if (apiKind === 'rest') {
      warn(
        'unknown-variable',
        `${name} is not a documented variable for REST APIs${hint}; API Gateway accepts it but it may always log "-".`,
      );
    } else {
      error(
        'unknown-variable',
        `${name} is not a variable ${KIND_LABEL[apiKind]} support${hint}; API Gateway will refuse the format.`,
      );
    }
  }
  return { errors, warnings };
}

export function validateDestinationArn(arn: string, apiKind: ApiKind): ValidationResult {
  const errors: Issue[] = [];
  const error = (code: IssueCode, message: string) =>
    errors.push({ field: 'destinationArn', code, message });
  const value = arn.trim();

  if (value === '') {
    error('destination-empty', 'Enter the ARN of the destination the stage should log to.');
    return { errors, warnings: [] };
  }
  const target = parseDestinationArn(value);
  const service = target?.type === 'firehose' ? 'firehose' : destinationService(value);
  if (apiKind !== 'rest' && service === 'firehose') {
    error(
      'firehose-not-supported',
      `${KIND_LABEL[apiKind]} cannot log to Kinesis Data Firehose, only to a CloudWatch Logs log group (arn:aws:logs:{region}:{account}:log-group:{name}).`,
    );
  } else if (!target) {
    error(
      'destination-malformed',
      apiKind === 'rest'
        ? 'Not a valid destination ARN. Use a Firehose stream (arn:aws:firehose:{region}:{account}:deliverystream/amazon-apigateway-{name}) or a CloudWatch Logs log group (arn:aws:logs:{region}:{account}:log-group:{name}).'
        : 'Not a valid CloudWatch Logs log group ARN (arn:aws:logs:{region}:{account}:log-group:{name}).',
    );
  } else if (target.type === 'firehose' && !target.streamName.startsWith(FIREHOSE_STREAM_PREFIX)) {
    error(
      'firehose-stream-name',
      `The delivery stream name must start with "${FIREHOSE_STREAM_PREFIX}" ("${target.streamName}" does not): API Gateway can only write to streams named that way.`,
    );
  }
  return { errors, warnings: [] };
}

/** `$` signs in literal text, each with what follows it, e.g. `$input.body`, `${x}`, `$context`. */
function findStrayDollars(text: string): string[] {
  return [...text.matchAll(/\$[A-Za-z0-9_.{}[\]'()]*/g)].map((m) =>
    m[0].length > 40 ? `${m[0].slice(0, 40)}…` : m[0],
  );
}

function describeUnsupported(name: string, apiKind: ApiKind): string {
  const elsewhere = findContextVariable(name);
  if (!elsewhere) return '';
  const others = elsewhere.apis.map((k) => KIND_LABEL[k]).join(' and ');
  const routeHint =
    apiKind !== 'rest' && name === '$context.resourcePath' ? '; use $context.routeKey' : '';
  return ` (it exists for ${others}${routeHint})`;
}
