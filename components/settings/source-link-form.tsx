'use client';
/** Which dashboard source this stage feeds: the source whose format history its changes go to. */
import { useActionState, useState } from 'react';
import type { LinkSourceAction, LinkSourceState, SourceOption, StageTarget } from './action-types';
import { submitWithoutReset } from './submit-without-reset';
import { TargetFields } from './target-fields';
import styles from './source-link-form.module.css';

const IDLE: LinkSourceState = { status: 'idle' };

export function SourceLinkForm(props: {
  target: StageTarget;
  sources: SourceOption[];
  currentSourceId: string | null;
  action: LinkSourceAction;
}) {
  const [state, formAction, pending] = useActionState(props.action, IDLE);
  const [choice, setChoice] = useState(props.currentSourceId ?? '');
  const linked = state.status === 'saved' ? state.sourceId : props.currentSourceId;
  return (
    <form
      onSubmit={submitWithoutReset(formAction)}
      className={styles.form}
      aria-label="Dashboard source"
    >
      <TargetFields target={props.target} />
      <label className={styles.label}>
        <span>This stage feeds the dashboard source</span>
        <select
          name="sourceId"
          value={choice}
          onChange={(e) => setChoice(e.target.value)}
          className={styles.select}
          data-testid="source-select"
        >
          <option value="">none</option>
          {props.sources.map((s) => (
            <option key={s.id} value={s.id}>
              {s.id} ({s.label})
            </option>
          ))}
        </select>
      </label>
      <button
        type="submit"
        className={styles.button}
        disabled={pending || choice === (linked ?? '')}
      >
        {pending ? 'Saving…' : 'Save link'}
      </button>
      <p className={styles.help}>
        Format changes of a linked stage are recorded in the source&apos;s format history with the
        time they took effect, so the dashboard reads older objects with the old format and newer
        ones with the new.
      </p>
      {state.status !== 'idle' && (
        <p
          role={state.status === 'failed' ? 'alert' : 'status'}
          className={state.status === 'failed' ? styles.error : styles.ok}
          data-testid="source-link-status"
        >
          {state.message}
        </p>
      )}
    </form>
  );
}
