'use client';

import { useSyncExternalStore } from 'react';
import { UTC } from '@/lib/dashboard/format';
import { useDashboardNavigation } from '@/components/dashboard/navigation';
import styles from './filters.module.css';

const subscribeNever = () => () => undefined;
const browserZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || UTC;
const serverZone = () => null;

/**
 * UTC or the viewer's zone. The zone goes into the URL by name (`tz=Europe/Berlin`), so the server
 * renders times exactly as the browser would and a shared link shows the zone it was made in.
 */
export function TimezoneToggle() {
  const { view, setView } = useDashboardNavigation();
  // The browser's zone is unknown during the server render; the button appears after hydration.
  const local = useSyncExternalStore(subscribeNever, browserZone, serverZone);
  const zones = [UTC, ...(local && local !== UTC ? [local] : [])];
  if (!zones.includes(view.tz)) zones.push(view.tz);
  return (
    <div className={styles.group} role="group" aria-label="Time zone">
      {zones.map((zone) => (
        <button
          key={zone}
          type="button"
          aria-pressed={view.tz === zone}
          onClick={() => setView({ tz: zone === UTC ? null : zone }, 'replace')}
          title={zone === local ? 'Your time zone' : undefined}
        >
          {zone === UTC ? 'UTC' : zone === local ? `Local (${zone})` : zone}
        </button>
      ))}
    </div>
  );
}
