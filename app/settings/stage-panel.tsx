import { StageEditor } from '@/components/settings/stage-editor';
import { SourceLinkForm } from '@/components/settings/source-link-form';
import type { StageTarget } from '@/components/settings/action-types';
import { describeFormat } from '@/components/settings/editor-model';
import {
  findSourceForStage,
  readFormatChanges,
  type FormatChange,
} from '@/lib/server/format-history';
import { linkStageSource, previewParsedFields, saveStageSettings } from './actions';
import { findStage, loadStageInventory } from './load-stages';
import { listSourceOptions } from './sources';
import { API_KIND_LABEL, Destination } from './stage-list';
import styles from './settings.module.css';

interface Selection {
  region: string | null;
  apiId: string;
  stageName: string;
}

export async function StagePanel({ selection }: { selection: Selection }) {
  const inventory = await loadStageInventory();
  if (!inventory.ok) return null; // the stage list shows the configuration problem
  const region = selection.region ?? inventory.regions[0];
  const found = findStage(inventory.listings, region, selection.apiId, selection.stageName);
  if (!found) {
    return (
      <section className="panel notice error" role="alert" id="stage-editor">
        <h2>Stage not found</h2>
        <p>
          There is no stage <code>{selection.stageName}</code> in API <code>{selection.apiId}</code>{' '}
          in {region}, or it could not be read (see the list). It may have been deleted.
        </p>
      </section>
    );
  }
  const { api, stage } = found;
  const target: StageTarget = {
    region,
    apiKind: api.apiKind,
    apiId: api.apiId,
    stageName: stage.ref.stageName,
  };

  let sourceId: string | null = null;
  let changes: FormatChange[] = [];
  let historyError: string | null = null;
  try {
    sourceId = findSourceForStage(target);
    changes = sourceId ? readFormatChanges(sourceId) : [];
  } catch (error) {
    historyError = error instanceof Error ? error.message : String(error);
  }
  // The newest version is the one in force (entries are recorded at the moment they take effect).
  const inForce = changes.at(-1);
  const drifted =
    stage.accessLog !== null &&
    inForce !== undefined &&
    inForce.template !== stage.accessLog.format;

  return (
    <section
      className={`panel ${styles.stagePanel}`}
      id="stage-editor"
      aria-labelledby="stage-heading"
    >
      <h2 id="stage-heading">
        {api.name} / {stage.ref.stageName}
      </h2>
      <p className="muted">
        {API_KIND_LABEL[api.apiKind]} API <span className="mono">{api.apiId}</span> in {region}
        {stage.description && <> · {stage.description}</>}
        {stage.lastUpdatedDate && <> · stage last changed {stage.lastUpdatedDate.toISOString()}</>}
      </p>
      <dl className={styles.facts}>
        <dt>Destination</dt>
        <dd data-testid="current-destination">
          <Destination arn={stage.accessLog?.destinationArn ?? null} full />
        </dd>
        <dt>Format</dt>
        <dd data-testid="current-format-label">
          {stage.accessLog ? describeFormat(stage.accessLog.format).label : 'Access logging is off'}
        </dd>
      </dl>
      {api.apiKind !== 'rest' && (
        <p className="notice">
          {API_KIND_LABEL[api.apiKind]} APIs can log only to CloudWatch Logs, not to Firehose, so
          the dashboard does not read this stage directly. The format still decides what your
          CloudWatch logs hold.
        </p>
      )}
      {historyError && (
        <p className="notice error" role="alert">
          The format history cannot be read: {historyError}
        </p>
      )}
      <SourceLinkForm
        target={target}
        sources={listSourceOptions()}
        currentSourceId={sourceId}
        action={linkStageSource}
      />
      {drifted && inForce && (
        <p className="notice" role="status" data-testid="history-drift">
          This stage&apos;s format is not the one the dashboard source &quot;{sourceId}&quot; has on
          record
          {inForce.effectiveFrom !== null && (
            <> (since {new Date(inForce.effectiveFrom).toISOString()})</>
          )}
          : it was probably changed outside this page, and objects written since may not be read
          correctly. Saving here records the format you save.
        </p>
      )}
      <StageEditor
        target={target}
        loaded={stage.accessLog}
        saveAction={saveStageSettings}
        previewAction={previewParsedFields}
      />
      {sourceId && changes.length > 0 && <FormatHistory sourceId={sourceId} changes={changes} />}
    </section>
  );
}

function FormatHistory({ sourceId, changes }: { sourceId: string; changes: FormatChange[] }) {
  const newestFirst = [...changes].reverse().slice(0, 10);
  return (
    <details className={styles.history} data-testid="format-history">
      <summary>
        Format history of source &quot;{sourceId}&quot; ({changes.length} version
        {changes.length === 1 ? '' : 's'})
      </summary>
      <table className="simple">
        <thead>
          <tr>
            <th>In force from (UTC)</th>
            <th>Format</th>
            <th>Changed by</th>
          </tr>
        </thead>
        <tbody>
          {newestFirst.map((c) => (
            <tr key={c.id}>
              <td>
                {c.effectiveFrom === null
                  ? 'the beginning'
                  : new Date(c.effectiveFrom).toISOString()}
              </td>
              <td title={c.template}>{describeFormat(c.template).label}</td>
              <td>{c.changedBy}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}
