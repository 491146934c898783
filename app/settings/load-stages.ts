import 'server-only';
/**
 * The APIs and stages of every configured region, read once per request (the list and the open
 * stage share it). Regions are read in parallel; one failing region does not hide the others.
 */
import { cache } from 'react';
import { ConfigError } from '@/lib/env';
import { listApisWithStages, type ApiListing } from '@/lib/server/api-gateway/list-apis';
import type {
  ApiGatewayResult,
  ApiWithStages,
  StageSnapshot,
} from '@/lib/server/api-gateway/types';
import { getApiGatewayClients, getApiGatewaySettings } from '@/lib/server/api-gateway-config';

export interface RegionListing {
  region: string;
  result: ApiGatewayResult<ApiListing>;
}

export type StageInventory =
  | { ok: true; regions: string[]; endpoint: string | undefined; listings: RegionListing[] }
  | { ok: false; message: string };

export const loadStageInventory = cache(async (): Promise<StageInventory> => {
  let settings;
  try {
    settings = getApiGatewaySettings();
  } catch (error) {
    if (error instanceof ConfigError) return { ok: false, message: error.message };
    throw error;
  }
  const listings = await Promise.all(
    settings.regions.map(async (region) => ({
      region,
      result: await listApisWithStages(getApiGatewayClients(region)),
    })),
  );
  return { ok: true, regions: settings.regions, endpoint: settings.endpoint, listings };
});

export interface FoundStage {
  region: string;
  api: ApiWithStages;
  stage: StageSnapshot;
}

export function findStage(
  listings: readonly RegionListing[],
  region: string,
  apiId: string,
  stageName: string,
): FoundStage | null {
  const listing = listings.find((l) => l.region === region);
  if (!listing?.result.ok) return null;
  const api = listing.result.value.apis.find((a) => a.apiId === apiId);
  const stage = api?.stages.find((s) => s.ref.stageName === stageName);
  return api && stage ? { region, api, stage } : null;
}
