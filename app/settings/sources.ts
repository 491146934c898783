import 'server-only';
/**
 * The dashboard sources a stage can feed. Today that is the one configured through LOG_BUCKET and
 * LOG_PREFIX (id 'default'); the list is the place to add more when the product reads several.
 */
import { getConfig } from '@/lib/env';
import { DEFAULT_SOURCE_ID } from '@/lib/server/format-history';
import type { SourceOption } from '@/components/settings/action-types';

export function listSourceOptions(): SourceOption[] {
  const { bucket, prefixTemplate } = getConfig();
  return [{ id: DEFAULT_SOURCE_ID, label: `s3://${bucket}/${prefixTemplate}` }];
}
