import { requireUser } from '@/lib/server/auth';
import { listRecentObjects } from '@/lib/server/recent-objects';
import { connection } from 'next/server';

function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1024 / 1024).toFixed(1)} MiB`;
}

export default async function ObjectsPage() {
  await requireUser();
  await connection();
  let objects;
  try {
    objects = await listRecentObjects(24);
  } catch (error) {
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    return (
      <section className="panel notice error" role="alert">
        <h1>Cannot read the log bucket</h1>
        <p className="mono">{message}</p>
        <p className="muted">Check LOG_BUCKET, AWS_REGION, S3_ENDPOINT and the credentials.</p>
      </section>
    );
  }
  const totalBytes = objects.reduce((sum, o) => sum + o.size, 0);
  return (
    <>
      <h1>Firehose objects, last 24 hours</h1>
      <p className="muted" data-testid="object-summary">
        {objects.length} objects, {formatBytes(totalBytes)}
      </p>
      <section className="panel">
        {objects.length === 0 ? (
          <p>No objects in the last 24 hours.</p>
        ) : (
          <table className="simple" data-testid="object-list">
            <thead>
              <tr>
                <th>Key</th>
                <th className="num">Size</th>
                <th>Delivered (UTC)</th>
              </tr>
            </thead>
            <tbody>
              {objects.map((o) => (
                <tr key={o.key}>
                  <td className="mono">{o.key}</td>
                  <td className="num">{formatBytes(o.size)}</td>
                  <td>{o.lastModified ? new Date(o.lastModified).toISOString() : '-'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </>
  );
}
