'use client';
/** The editor's button bar: save, revert, and turning logging off (asked twice). Sticks to the bottom. */
import styles from './stage-editor.module.css';

export function EditorActions(props: {
  pending: boolean;
  canSave: boolean;
  dirty: boolean;
  errorCount: number;
  saveLabel: string;
  loggingOn: boolean;
  confirmingDisable: boolean;
  onConfirmingDisable: (confirming: boolean) => void;
  onRevert: () => void;
}) {
  const { pending, canSave, dirty, errorCount } = props;
  return (
    <div className={styles.actions}>
      <button
        type="submit"
        name="intent"
        value="save"
        className={`${styles.button} ${styles.primary}`}
        disabled={!canSave}
        data-testid="save-button"
      >
        {pending ? 'Saving…' : props.saveLabel}
      </button>
      <button
        type="button"
        className={styles.button}
        disabled={!dirty || pending}
        onClick={props.onRevert}
      >
        Revert my edits
      </button>
      {!canSave && !pending && (
        <span className={styles.why} data-testid="save-blocked">
          {errorCount > 0
            ? `Fix ${errorCount} error${errorCount === 1 ? '' : 's'} above to save.`
            : dirty
              ? ''
              : 'No changes to save.'}
        </span>
      )}
      {props.loggingOn &&
        (props.confirmingDisable ? (
          <span className={styles.confirm}>
            Turn off access logging for this stage?
            <button
              type="submit"
              name="intent"
              value="disable"
              className={`${styles.button} ${styles.danger}`}
              disabled={pending}
              data-testid="confirm-disable"
            >
              Yes, turn it off
            </button>
            <button
              type="button"
              className={styles.button}
              onClick={() => props.onConfirmingDisable(false)}
            >
              Cancel
            </button>
          </span>
        ) : (
          <button
            type="button"
            className={`${styles.button} ${styles.dangerOutline}`}
            onClick={() => props.onConfirmingDisable(true)}
            disabled={pending}
            data-testid="disable-button"
          >
            Turn off access logging…
          </button>
        ))}
    </div>
  );
}
