/**
 * Submits a form to a useActionState action without React's automatic form reset: React 19 resets a
 * form after its `action` runs, and that also resets controlled <select>s and checkboxes
 * (react#30580, react#31695), which would throw away the format being edited.
 */
import { startTransition, type FormEvent } from 'react';

export function submitWithoutReset(dispatch: (data: FormData) => void) {
  return (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const submitter = (event.nativeEvent as SubmitEvent).submitter;
    const data = new FormData(event.currentTarget, submitter);
    startTransition(() => dispatch(data));
  };
}
