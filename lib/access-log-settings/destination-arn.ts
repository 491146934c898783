/**
 * Reads an access-log destination ARN: a Firehose delivery stream or a CloudWatch Logs log group.
 * Kept apart from validation so the settings list can label destinations with the same parser.
 */
export type DestinationArn =
  | { type: 'firehose'; partition: string; region: string; account: string; streamName: string }
  | { type: 'cloudwatch'; partition: string; region: string; account: string; logGroup: string };

const PARTITION = 'aws|aws-cn|aws-us-gov|aws-iso|aws-iso-b|aws-iso-e|aws-iso-f|aws-eusc';
const REGION = '[a-z]{2}(?:-[a-z]+)+-\\d+';
const FIREHOSE = new RegExp(
  `^arn:(${PARTITION}):firehose:(${REGION}):(\\d{12}):deliverystream/([A-Za-z0-9_.-]{1,64})$`,
);
// The console and CloudFormation hand out log-group ARNs with a trailing `:*`; API Gateway takes both.
const LOG_GROUP = new RegExp(
  `^arn:(${PARTITION}):logs:(${REGION}):(\\d{12}):log-group:([A-Za-z0-9_./#-]{1,512})(?::\\*)?$`,
);

/** API Gateway's service-linked role may only write to streams named with this prefix. */
export const FIREHOSE_STREAM_PREFIX = 'amazon-apigateway-';

export function parseDestinationArn(arn: string): DestinationArn | null {
  const firehose = FIREHOSE.exec(arn);
  if (firehose) {
    const [, partition, region, account, streamName] = firehose;
    return { type: 'firehose', partition, region, account, streamName };
  }
  const logs = LOG_GROUP.exec(arn);
  if (logs) {
    const [, partition, region, account, logGroup] = logs;
    return { type: 'cloudwatch', partition, region, account, logGroup };
  }
  return null;
}

/** Which service an ARN points at, even when it is malformed past the service part. */
export function destinationService(arn: string): 'firehose' | 'logs' | null {
  const service = /^arn:[^:]*:([^:]*):/.exec(arn)?.[1];
  return service === 'firehose' || service === 'logs' ? service : null;
}
