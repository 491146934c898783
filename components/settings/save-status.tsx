'use client';
/** The outcome of a save or disable: success, AWS's refusal in words, or a conflict with its diff. */
import { useEffect, useRef, type ReactNode, type RefObject } from 'react';
import type { AccessLogSettingsValue } from '@/lib/access-log-settings/patch-operations';
import type { SaveSettingsState, SaveStageAction } from './action-types';
import { SettingsDiff } from './settings-diff';
import styles from './stage-editor.module.css';

export function SaveStatus(props: {
  state: SaveSettingsState;
  onUseCurrent: (current: AccessLogSettingsValue | null) => void;
}) {
  const { state, onUseCurrent } = props;
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (state.status !== 'idle')
      ref.current?.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
  }, [state]);

  if (state.status === 'idle') return <div ref={ref} />;
  if (state.status === 'saved') {
    return (
      <StatusBox boxRef={ref} tone="ok" status="saved">
        <p>{state.message}</p>
        {state.history && (
          <p className={styles.detail}>
            Recorded in the format history of source &quot;{state.history.sourceId}&quot;, in force
            from {new Date(state.history.effectiveFrom).toISOString()}.
          </p>
        )}
      </StatusBox>
    );
  }
  if (state.status === 'conflict') {
    return (
      <StatusBox boxRef={ref} tone="warn" status="conflict">
        <p>{state.message}</p>
        <SettingsDiff loaded={state.loaded} current={state.current} />
        <p className={styles.detail}>
          <button
            type="button"
            className={styles.linkButton}
            onClick={() => onUseCurrent(state.current)}
          >
            Discard my edits and load the current settings
          </button>
        </p>
      </StatusBox>
    );
  }
  if (state.status === 'invalid') {
    return (
      <StatusBox boxRef={ref} tone="error" status="invalid">
        <p>{state.message}</p>
        {state.issues.length > 0 && (
          <ul>
            {state.issues.map((issue, i) => (
              <li key={i}>{issue.message}</li>
            ))}
          </ul>
        )}
      </StatusBox>
    );
  }
  return (
    <StatusBox boxRef={ref} tone="error" status="failed" kind={state.kind}>
      <p>
        <strong>{FAILURE_TITLE[state.kind]}</strong> {state.message}
      </p>
      {state.awsMessage && !state.message.includes(state.awsMessage) && (
        <p className={styles.detail}>AWS said: {state.awsMessage}</p>
      )}
      <p className={styles.detail}>The stage was not changed.</p>
    </StatusBox>
  );
}

/** The box every outcome is shown in: success is a status, anything else an alert. */
function StatusBox(props: {
  boxRef: RefObject<HTMLDivElement | null>;
  tone: 'ok' | 'warn' | 'error';
  status: Exclude<SaveSettingsState['status'], 'idle'>;
  kind?: string;
  children: ReactNode;
}) {
  const { boxRef, tone, status, kind, children } = props;
  return (
    <div
      ref={boxRef}
      role={tone === 'ok' ? 'status' : 'alert'}
      className={`${styles.status} ${styles[tone]}`}
      data-testid="save-status"
      data-status={status}
      data-kind={kind}
    >
      {children}
    </div>
  );
}

const FAILURE_TITLE: Record<Extract<SaveSettingsState, { status: 'failed' }>['kind'], string> = {
  'access-denied': 'Access denied.',
  'not-found': 'Not found.',
  throttled: 'Throttled.',
  'bad-request': 'API Gateway refused the settings:',
  'aws-conflict': 'Concurrent change.',
  credentials: 'No AWS credentials.',
  unavailable: 'API Gateway unreachable.',
  audit: 'Audit log unavailable.',
  history: 'Format history unavailable.',
};

/**
 * The save action, with a lost request or answer (fetch's TypeError) turned into a state the form
 * shows; anything else (Next.js redirects when the session ended, server errors) goes on to the
 * router and the error page.
 */
export function withLostRequestState(action: SaveStageAction): SaveStageAction {
  return async (previous, form) => {
    try {
      return await action(previous, form);
    } catch (error) {
      if (!(error instanceof TypeError)) throw error;
      return {
        status: 'failed',
        kind: 'unavailable',
        message:
          'The request did not reach the dashboard server, or its answer was lost. Reload the page to see whether the stage changed.',
        awsMessage: null,
      };
    }
  };
}
