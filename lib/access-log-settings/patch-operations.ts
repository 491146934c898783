/**
 * The write requests for a stage's access-log settings, built as plain data so they can be tested
 * without AWS. REST (v1) stages change through JSON-Patch-like operations; HTTP/WebSocket (v2)
 * stages take the whole AccessLogSettings object. Each is one request, so a change is never half-applied.
 */
export interface AccessLogSettingsValue {
  destinationArn: string;
  format: string;
}

/** Mirrors @aws-sdk/client-api-gateway's PatchOperation, restricted to what we send. */
export interface RestPatchOperation {
  op: 'replace' | 'remove';
  path: '/accessLogSettings/format' | '/accessLogSettings/destinationArn' | '/accessLogSettings';
  value?: string;
}

/** Mirrors the access-log part of @aws-sdk/client-apigatewayv2's UpdateStageRequest. */
export interface HttpUpdateStageInput {
  ApiId: string;
  StageName: string;
  AccessLogSettings: { DestinationArn: string; Format: string };
}

export interface HttpDeleteAccessLogSettingsInput {
  ApiId: string;
  StageName: string;
}

/** Both fields are replaced together: a format change never lands with a stale destination. */
export function buildRestUpdateOperations(settings: AccessLogSettingsValue): RestPatchOperation[] {
  return [
    { op: 'replace', path: '/accessLogSettings/destinationArn', value: settings.destinationArn },
    { op: 'replace', path: '/accessLogSettings/format', value: settings.format },
  ];
}

export function buildRestDisableOperations(): RestPatchOperation[] {
  return [{ op: 'remove', path: '/accessLogSettings' }];
}

export function buildHttpUpdateStageInput(
  apiId: string,
  stageName: string,
  settings: AccessLogSettingsValue,
): HttpUpdateStageInput {
  return {
    ApiId: apiId,
    StageName: stageName,
    AccessLogSettings: { DestinationArn: settings.destinationArn, Format: settings.format },
  };
}

export function buildHttpDisableInput(
  apiId: string,
  stageName: string,
): HttpDeleteAccessLogSettingsInput {
  return { ApiId: apiId, StageName: stageName };
}

/** Same settings? Used to detect that a stage changed since the page loaded it. */
export function sameAccessLogSettings(
  a: AccessLogSettingsValue | null,
  b: AccessLogSettingsValue | null,
): boolean {
  if (a === null || b === null) return a === b;
  return a.destinationArn === b.destinationArn && a.format === b.format;
}
