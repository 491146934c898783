/**
 * The settings page's URL state: which stage is open (`?api=<id>&stage=<name>`, plus `region` when
 * several are configured). The server page loads it; the stage list builds its links with it.
 */
import { createLoader, createSerializer, parseAsString } from 'nuqs/server';

export const settingsSearchParams = {
  region: parseAsString,
  api: parseAsString,
  stage: parseAsString,
};

export const loadSettingsSearchParams = createLoader(settingsSearchParams);

export const serializeSettingsSearchParams = createSerializer(settingsSearchParams);

/** The link that opens one stage; the region is left out when it is the default one. */
export function settingsHref(
  stage: { region: string; apiId: string; stageName: string },
  defaultRegion: string,
): string {
  return serializeSettingsSearchParams('/settings', {
    region: stage.region === defaultRegion ? null : stage.region,
    api: stage.apiId,
    stage: stage.stageName,
  });
}
