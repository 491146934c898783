'use client';

import { useActionState, type ReactNode } from 'react';
import styles from '../admin.module.css';
import { IDLE, type ActionState } from './action-state';

interface Props {
  action: (previous: ActionState, form: FormData) => Promise<ActionState>;
  children: ReactNode;
  /** Accessible name of the form, also used by the end-to-end tests. */
  label: string;
  inline?: boolean;
}

/** A form bound to an admin server action, showing its outcome and any one-time secret. */
export function ActionForm({ action, children, label, inline = false }: Props) {
  const [state, formAction, pending] = useActionState(action, IDLE);
  return (
    <form
      action={formAction}
      aria-label={label}
      className={inline ? styles.inlineForm : styles.form}
    >
      <fieldset disabled={pending} className={styles.fieldset}>
        {children}
      </fieldset>
      {state.status !== 'idle' && state.message && (
        <p
          role={state.status === 'error' ? 'alert' : 'status'}
          className={state.status === 'error' ? styles.error : styles.ok}
        >
          {state.message}
        </p>
      )}
      {state.secret && (
        <div className={styles.secret} data-testid="one-time-secret">
          <p>{state.secret.label} (shown once: copy it now)</p>
          <code data-testid="secret-value">{state.secret.value}</code>
        </div>
      )}
    </form>
  );
}
