'use client';

import { COLUMN_IDS, COLUMN_LABELS, columnsToParam, toggleColumn } from '@/lib/dashboard/columns';
import { useDashboardNavigation } from '@/components/dashboard/navigation';
import ui from '@/components/ui/ui.module.css';
import styles from './data-table.module.css';

/** Checkboxes for every column; the choice lives in the URL (`cols=`), so shared links keep it. */
export function ColumnChooser() {
  const { view, setView } = useDashboardNavigation();
  return (
    <details className={styles.chooser} data-testid="column-chooser">
      <summary className={ui.button}>Columns ({view.columns.length})</summary>
      <div className={styles.chooserMenu}>
        {COLUMN_IDS.map((id) => {
          const shown = view.columns.includes(id);
          return (
            <label key={id}>
              <input
                type="checkbox"
                checked={shown}
                disabled={shown && view.columns.length === 1}
                onChange={() =>
                  setView({ cols: columnsToParam(toggleColumn(view.columns, id)) }, 'replace')
                }
              />
              {COLUMN_LABELS[id]}
            </label>
          );
        })}
      </div>
    </details>
  );
}
