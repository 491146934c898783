/**
 * Runs the local API Gateway control plane alone:
 *   npx tsx scripts/local-apigateway.ts [--port 4510] [--state .data/local-apigateway.json]
 *                                       [--seed file.json] [--deny-writes] [--no-persist]
 * Point the app at it with APIGATEWAY_ENDPOINT=http://127.0.0.1:4510 (any AWS credentials work).
 */
import { parseArgs } from 'node:util';
import { loadState } from '@/lib/local-aws/apigateway-state';
import { startLocalApiGateway } from '@/lib/local-aws/apigateway-server';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: process.env.LOCAL_APIGATEWAY_PORT ?? '4510' },
    state: { type: 'string', default: '.data/local-apigateway.json' },
    seed: { type: 'string' },
    'no-persist': { type: 'boolean', default: false },
    'deny-writes': { type: 'boolean', default: false },
  },
});

async function main() {
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`--port must be a port number, got "${values.port}"`);
  }
  const server = await startLocalApiGateway({
    port,
    seed: values.seed ? loadState(values.seed) : undefined,
    persistFile: values['no-persist'] ? undefined : values.state,
  });
  if (values['deny-writes']) server.setFaults({ denyWrites: true });

  const { restApis, v2Apis } = server.getState();
  console.log(`Local API Gateway control plane on ${server.endpoint} (region ${server.region})`);
  console.log(values['no-persist'] ? 'State: in memory only' : `State: ${values.state}`);
  for (const api of restApis) {
    console.log(`  REST ${api.id} ${api.name}: ${api.stages.map((s) => s.stageName).join(', ')}`);
  }
  for (const api of v2Apis) {
    console.log(
      `  ${api.protocolType} ${api.apiId} ${api.name}: ${api.stages.map((s) => s.stageName).join(', ')}`,
    );
  }

  const stop = () => {
    void server.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
