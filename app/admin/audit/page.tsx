import type { Metadata } from 'next';
import Link from 'next/link';
import { requireAdmin } from '@/lib/server/auth';
import { listAuditEvents } from '@/lib/server/auth/audit-log';
import styles from '../admin.module.css';

export const metadata: Metadata = { title: 'Audit log · Admin' };

const PAGE_SIZE = 50;

function pageFrom(value: string | string[] | undefined): number {
  const n = Number(Array.isArray(value) ? value[0] : value);
  return Number.isInteger(n) && n >= 1 && n <= 1_000_000 ? n : 1;
}

function describeDetail(detail: Record<string, string | number | boolean | null>): string {
  return Object.entries(detail)
    .map(([key, value]) => `${key}=${String(value)}`)
    .join(' ');
}

export default async function AuditPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await requireAdmin();
  const page = pageFrom((await searchParams).page);
  const { events, total } = await listAuditEvents({ page, pageSize: PAGE_SIZE });
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  return (
    <>
      <h1>Audit log</h1>
      <section className="panel">
        <p className="muted">
          Sign-ins, refusals, token and user changes, settings changes; newest first. The log is
          append-only.
        </p>
        <table className="simple" data-testid="audit-list">
          <thead>
            <tr>
              <th>When (UTC)</th>
              <th>Action</th>
              <th>Who</th>
              <th>Target</th>
              <th>IP</th>
              <th>Detail</th>
            </tr>
          </thead>
          <tbody>
            {events.map((event) => (
              <tr key={event.id} data-action={event.action}>
                <td>{event.at.toISOString().replace('T', ' ').slice(0, 19)}</td>
                <td>{event.action}</td>
                <td>{event.actor}</td>
                <td className="mono">{event.target}</td>
                <td className="mono">{event.ip}</td>
                <td className="mono">{describeDetail(event.detail)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <nav className={styles.pager} aria-label="Audit pages">
          {page > 1 ? <Link href={`/admin/audit?page=${page - 1}`}>Newer</Link> : <span />}
          <span className="muted">
            Page {page} of {pages} ({total} events)
          </span>
          {page < pages && <Link href={`/admin/audit?page=${page + 1}`}>Older</Link>}
        </nav>
      </section>
    </>
  );
}
