import 'server-only';
/** The dashboard sources a stage can feed: the configured ones (LOG_BUCKET, or SOURCES_FILE). */
import { getSources } from '@/lib/server/sources';
import type { SourceOption } from '@/components/settings/action-types';

export function listSourceOptions(): SourceOption[] {
  return getSources().map((source) => ({
    id: source.id,
    label:
      source.kind === 's3'
        ? `s3://${source.bucket}/${source.prefixTemplate}`
        : `folder ${source.dir}`,
  }));
}
