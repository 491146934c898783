import 'server-only';
/**
 * Shapes the settings page gets from the API Gateway wrappers. Every call returns a typed result
 * instead of throwing, so a page can show AWS's refusal next to the field it concerns.
 */
import type { ApiKind } from '@/lib/access-log-settings/context-variables';
import type { AccessLogSettingsValue } from '@/lib/access-log-settings/patch-operations';
import type { Issue } from '@/lib/access-log-settings/validate-format';

export interface StageRef {
  apiKind: ApiKind;
  apiId: string;
  stageName: string;
}

export interface StageSnapshot {
  ref: StageRef;
  description: string | null;
  /** null: access logging is off. */
  accessLog: AccessLogSettingsValue | null;
  destinationType: 'firehose' | 'cloudwatch' | 'unknown' | null;
  lastUpdatedDate: Date | null;
}

export interface ApiWithStages {
  apiKind: ApiKind;
  apiId: string;
  name: string;
  description: string | null;
  stages: StageSnapshot[];
}

export type IamAction = 'apigateway:GET' | 'apigateway:PATCH' | 'apigateway:DELETE';

export type ApiGatewayError =
  /** IAM refused; `action` is the permission to grant. */
  | { kind: 'access-denied'; action: IamAction; message: string; awsMessage: string }
  | { kind: 'not-found'; message: string; awsMessage: string }
  /** Still throttled after the SDK's own retries. */
  | { kind: 'throttled'; message: string; awsMessage: string }
  /** AWS refused the request; `awsMessage` is its own wording (show it verbatim). */
  | { kind: 'bad-request'; message: string; awsMessage: string }
  /** Our validation refused the settings; nothing was sent. */
  | { kind: 'invalid'; message: string; errors: Issue[] }
  /** The stage changed since the page loaded it; nothing was written. */
  | {
      kind: 'conflict';
      message: string;
      loaded: AccessLogSettingsValue | null;
      current: AccessLogSettingsValue | null;
      stage: StageSnapshot;
    }
  /** AWS reported a concurrent modification of its own (ConflictException). */
  | { kind: 'aws-conflict'; message: string; awsMessage: string }
  | { kind: 'credentials'; message: string }
  | { kind: 'unavailable'; message: string };

export type ApiGatewayResult<T> = { ok: true; value: T } | { ok: false; error: ApiGatewayError };
