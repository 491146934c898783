import type { Metadata } from 'next';
import { Suspense } from 'react';
import { requireAdmin } from '@/lib/server/auth';
import { loadSettingsSearchParams } from './search-params';
import { StageList } from './stage-list';
import { StagePanel } from './stage-panel';
import styles from './settings.module.css';

export const metadata: Metadata = { title: 'Settings: access-log formats' };

interface SettingsPageProps {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

export default async function SettingsPage({ searchParams }: SettingsPageProps) {
  await requireAdmin();
  const { region, api, stage } = await loadSettingsSearchParams(searchParams);
  const selection = api && stage ? { region, apiId: api, stageName: stage } : null;
  return (
    <>
      <h1>Access-log settings</h1>
      <p className="muted">
        Which format each API Gateway stage writes its access logs in. The dashboard can only show
        what the format records: pick a stage to see what it logs, preview a change and save it.
      </p>
      <div className={styles.layout}>
        <Suspense fallback={<PanelSkeleton label="Reading APIs and stages…" />}>
          <StageList selection={selection} />
        </Suspense>
        {selection && (
          <Suspense
            key={`${selection.region ?? ''}/${selection.apiId}/${selection.stageName}`}
            fallback={<PanelSkeleton label="Reading the stage…" />}
          >
            <StagePanel selection={selection} />
          </Suspense>
        )}
      </div>
    </>
  );
}

function PanelSkeleton({ label }: { label: string }) {
  return (
    <section className={`panel ${styles.skeleton}`} aria-busy="true">
      <p className="muted">{label}</p>
    </section>
  );
}
