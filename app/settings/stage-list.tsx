import Link from 'next/link';
import { describeFormat } from '@/components/settings/editor-model';
import { parseDestinationArn } from '@/lib/access-log-settings/destination-arn';
import type { ApiKind } from '@/lib/access-log-settings/context-variables';
import type { ApiWithStages, StageSnapshot } from '@/lib/server/api-gateway/types';
import { readStageSources, sameStage, type StageSourceLink } from '@/lib/server/format-history';
import { loadStageInventory } from './load-stages';
import { settingsHref } from './search-params';
import styles from './settings.module.css';

export const API_KIND_LABEL: Record<ApiKind, string> = {
  rest: 'REST',
  http: 'HTTP',
  websocket: 'WebSocket',
};

interface Selection {
  region: string | null;
  apiId: string;
  stageName: string;
}

export async function StageList({ selection }: { selection: Selection | null }) {
  const inventory = await loadStageInventory();
  if (!inventory.ok) {
    return (
      <section className="panel notice error" role="alert">
        <h2>API Gateway is not configured correctly</h2>
        <pre className={styles.pre}>{inventory.message}</pre>
      </section>
    );
  }
  const defaultRegion = inventory.regions[0];
  let links: StageSourceLink[] = [];
  let linksError: string | null = null;
  try {
    links = readStageSources();
  } catch (error) {
    linksError = error instanceof Error ? error.message : String(error);
  }
  const selectedRegion = selection?.region ?? defaultRegion;
  return (
    <section className="panel" aria-labelledby="stage-list-heading">
      <h2 id="stage-list-heading">APIs and stages</h2>
      <p className="muted">
        Region{inventory.regions.length > 1 ? 's' : ''} {inventory.regions.join(', ')}
        {inventory.endpoint && <> · control plane at {inventory.endpoint}</>}
      </p>
      {linksError && (
        <p className="notice error" role="alert">
          Which stage feeds which dashboard source cannot be read: {linksError}
        </p>
      )}
      {inventory.listings.map(({ region, result }) => {
        if (!result.ok) {
          return (
            <p key={region} className="notice error" role="alert">
              {region}: {result.error.message}
            </p>
          );
        }
        const { apis, failures } = result.value;
        return (
          <div key={region}>
            {inventory.regions.length > 1 && <h3>{region}</h3>}
            {failures.map((f) => (
              <p key={f.family} className="notice error" role="alert">
                {f.family === 'rest' ? 'REST APIs' : 'HTTP and WebSocket APIs'} could not be listed:{' '}
                {f.error.message}
              </p>
            ))}
            {apis.length === 0 ? (
              <p>No APIs in {region}.</p>
            ) : (
              <table className={`simple ${styles.stageTable}`} data-testid="stage-list">
                <thead>
                  <tr>
                    <th>API</th>
                    <th>Stage</th>
                    <th>Destination</th>
                    <th>Format</th>
                    <th>Dashboard source</th>
                  </tr>
                </thead>
                <tbody>
                  {apis.flatMap((api) =>
                    api.stages.map((stage) => {
                      const key = {
                        region,
                        apiKind: api.apiKind,
                        apiId: api.apiId,
                        stageName: stage.ref.stageName,
                      };
                      const selected =
                        selection !== null &&
                        selectedRegion === region &&
                        selection.apiId === api.apiId &&
                        selection.stageName === stage.ref.stageName;
                      const source = links.find((l) => sameStage(l.stage, key))?.sourceId ?? null;
                      return (
                        <StageRow
                          key={`${api.apiId}/${stage.ref.stageName}`}
                          api={api}
                          stage={stage}
                          href={settingsHref(key, defaultRegion)}
                          selected={selected}
                          source={source}
                        />
                      );
                    }),
                  )}
                </tbody>
              </table>
            )}
          </div>
        );
      })}
    </section>
  );
}

function StageRow(props: {
  api: ApiWithStages;
  stage: StageSnapshot;
  href: string;
  selected: boolean;
  source: string | null;
}) {
  const { api, stage, href, selected, source } = props;
  const format = stage.accessLog ? describeFormat(stage.accessLog.format) : null;
  return (
    <tr
      className={selected ? styles.selectedRow : undefined}
      aria-current={selected ? 'true' : undefined}
      data-testid="stage-row"
      data-api={api.apiId}
      data-stage={stage.ref.stageName}
    >
      <td data-label="API">
        <div>
          <span className={styles.apiName}>{api.name}</span>{' '}
          <span className={styles.badge}>{API_KIND_LABEL[api.apiKind]}</span>
          <div className={`muted mono ${styles.small}`}>{api.apiId}</div>
        </div>
      </td>
      <td data-label="Stage">
        <Link href={href} className={styles.stageLink}>
          {stage.ref.stageName}
        </Link>
      </td>
      <td data-label="Destination">
        <Destination arn={stage.accessLog?.destinationArn ?? null} />
      </td>
      <td data-label="Format">
        {format ? (
          <span title={stage.accessLog?.format}>
            {format.label}
            {format.newline && <span className="muted"> + newline</span>}
          </span>
        ) : (
          <span className="muted">Logging off</span>
        )}
      </td>
      <td data-label="Dashboard source">{source ?? <span className="muted">none</span>}</td>
    </tr>
  );
}

/** A destination by kind and name; `full` adds the whole ARN (the stage panel has room for it). */
export function Destination({ arn, full = false }: { arn: string | null; full?: boolean }) {
  if (arn === null) return <span className="muted">none</span>;
  const parsed = parseDestinationArn(arn);
  const label =
    parsed?.type === 'firehose'
      ? 'Firehose'
      : parsed?.type === 'cloudwatch'
        ? 'CloudWatch Logs'
        : 'Unrecognised';
  const name =
    parsed?.type === 'firehose'
      ? parsed.streamName
      : parsed?.type === 'cloudwatch'
        ? parsed.logGroup
        : arn;
  return (
    <span title={arn}>
      <span className={styles.badge}>{label}</span>{' '}
      <span className={`mono ${styles.small}`}>{name}</span>
      {full && <span className={`mono muted ${styles.small} ${styles.arn}`}>{arn}</span>}
    </span>
  );
}
