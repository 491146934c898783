import Link from 'next/link';
import { toSearchParams } from '@/lib/dashboard/search-params';
import { formatCount } from '@/lib/dashboard/format';
import { freezeFilter } from '@/lib/query/engine';
import { filterToSearchParams, parseFilterParams, parseRowParams } from '@/lib/query/search-params';
import { requireUser } from '@/lib/server/auth';
import { ensureRange, queryRejects } from '@/lib/server/store';
import { ProblemsBanner } from '@/components/dashboard/problems-banner';
import { Panel } from '@/components/ui/panel';
import { EmptyState, ErrorState } from '@/components/ui/states';
import ui from '@/components/ui/ui.module.css';
import styles from './rejects.module.css';

export const metadata = { title: 'Rejected spans · API Gateway access logs' };

const RAW_PREVIEW = 160;

/**
 * Spans of the range's objects that did not parse as records, with the object key, byte offset and
 * the reason: what to look at when the rejects count on the dashboard is not zero.
 */
export default async function RejectsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await requireUser();
  const params = toSearchParams(await searchParams);
  const { filter, problems } = parseFilterParams(params);
  const { page, problems: pageProblems } = parseRowParams(params);
  const frozen = freezeFilter(filter);
  let error: string | null = null;
  let result = null;
  try {
    const sync = await ensureRange(frozen.range);
    error = sync.issues.find((i) => i.kind !== 'object')?.message ?? null;
    result = await queryRejects(frozen, page);
  } catch (e) {
    error = e instanceof Error ? e.message : String(e);
  }
  const base = filterToSearchParams(filter);
  const pageHref = (index: number) => {
    const next = new URLSearchParams(base);
    if (index > 0) next.set('page', String(index + 1));
    if (page.size !== 50) next.set('size', String(page.size));
    return `/rejects?${next.toString()}`;
  };
  const pages = result ? Math.max(1, Math.ceil(result.count / page.size)) : 1;

  return (
    <div className={styles.page}>
      <p>
        <Link href={`/?${base.toString()}`}>← Dashboard</Link>
      </p>
      <ProblemsBanner problems={[...problems, ...pageProblems]} />
      {error && <ErrorState title="Not every object could be read" message={error} />}
      <Panel
        title="Rejected spans"
        note={result ? `${formatCount(result.count)} in this range` : undefined}
        testId="rejects"
      >
        {!result ? null : result.rows.length === 0 ? (
          <EmptyState title="No rejected spans">
            <p>Every byte of the objects in this range parsed as a record.</p>
          </EmptyState>
        ) : (
          <>
            <div className={styles.scroll}>
              <table className={styles.table} data-testid="rejects-table">
                <thead>
                  <tr>
                    <th scope="col">Object key</th>
                    <th scope="col">Offset</th>
                    <th scope="col">Reason</th>
                    <th scope="col">Text</th>
                  </tr>
                </thead>
                <tbody>
                  {result.rows.map((r) => (
                    <tr key={`${r.objectKey}:${r.offset}`}>
                      <td className={styles.mono}>
                        {r.objectKey}
                        {r.source ? <span className={styles.source}> ({r.source})</span> : null}
                      </td>
                      <td className={styles.num}>{r.offset}</td>
                      <td>{r.reason}</td>
                      <td className={styles.mono}>
                        {r.raw.length <= RAW_PREVIEW ? (
                          <code className={styles.raw}>{r.raw}</code>
                        ) : (
                          <details>
                            <summary>
                              <code className={styles.raw}>{r.raw.slice(0, RAW_PREVIEW)}…</code>
                            </summary>
                            <pre className={styles.full}>{r.raw}</pre>
                          </details>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <nav className={styles.pager} aria-label="Pages">
              {page.index > 0 && (
                <Link className={ui.button} href={pageHref(page.index - 1)}>
                  ‹ Previous
                </Link>
              )}
              <span>
                Page {page.index + 1} of {pages}
              </span>
              {page.index + 1 < pages && (
                <Link className={ui.button} href={pageHref(page.index + 1)}>
                  Next ›
                </Link>
              )}
            </nav>
          </>
        )}
      </Panel>
    </div>
  );
}
