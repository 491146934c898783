/**
 * The demo's API Gateway control plane: the local server that speaks the API Gateway wire protocol,
 * seeded so the demo's main stage logs the JSON format with latency that the seeded history ends in.
 */
import path from 'node:path';
import { findPreset } from '@/lib/formats/presets';
import { startLocalApiGateway, type LocalApiGateway } from '@/lib/local-aws/apigateway-server';
import { loadState } from '@/lib/local-aws/apigateway-state';

/** The stage whose access logs the demo generates (its Firehose stream is amazon-apigateway-demo-pets-prod). */
export const DEMO_STAGE = { restApiId: 'pets4x7k2p', stageName: 'prod' } as const;

export async function startDemoControlPlane(options: {
  port: number;
  dataDir: string;
}): Promise<LocalApiGateway> {
  const seed = loadState(
    path.resolve(__dirname, '../../lib/local-aws/fixtures/apigateway-seed.json'),
  );
  const currentFormat = findPreset('custom-json')?.template;
  const stage = seed.restApis
    .find((api) => api.id === DEMO_STAGE.restApiId)
    ?.stages.find((s) => s.stageName === DEMO_STAGE.stageName);
  if (!stage?.accessLogSettings || !currentFormat)
    throw new Error('demo fixture lacks the demo stage');
  stage.accessLogSettings.format = currentFormat;
  return startLocalApiGateway({
    port: options.port,
    seed,
    // Format changes made on the settings page survive a demo restart.
    persistFile: path.join(options.dataDir, 'apigateway.json'),
  });
}
