/**
 * For the demo's traffic generator: the current access-log format of a REST stage, read through
 * the SDK's GetStage exactly as the app reads it. Not under lib/server because scripts run it
 * outside Next (where the 'server-only' guard would throw).
 */
import { APIGatewayClient, GetStageCommand } from '@aws-sdk/client-api-gateway';

export interface StageFormatQuery {
  endpoint: string;
  region: string;
  restApiId: string;
  stageName: string;
}

export interface StageFormat {
  format: string;
  destinationArn: string;
}

/** null when the stage has access logging off. */
export async function readRestStageFormat(query: StageFormatQuery): Promise<StageFormat | null> {
  const client = new APIGatewayClient({
    region: query.region,
    endpoint: query.endpoint,
    // The local control plane does not check signatures; the SDK still insists on signing.
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  try {
    const stage = await client.send(
      new GetStageCommand({ restApiId: query.restApiId, stageName: query.stageName }),
    );
    const settings = stage.accessLogSettings;
    if (!settings?.format || !settings.destinationArn) return null;
    return { format: settings.format, destinationArn: settings.destinationArn };
  } finally {
    client.destroy();
  }
}
