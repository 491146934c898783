/** What an admin server action reports back to its form. */
export interface ActionState {
  status: 'idle' | 'ok' | 'error';
  message?: string;
  /** A secret shown exactly once (a generated password, a new API token); never stored in clear. */
  secret?: { label: string; value: string };
}

export const IDLE: ActionState = { status: 'idle' };
