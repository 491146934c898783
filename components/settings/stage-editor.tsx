'use client';
/**
 * The access-log editor for one stage: destination, format (presets, variable picker, one-click
 * helpers), live preview, validation next to each field, and save / turn off through the server
 * action. The "loaded" settings sent with each save are the last ones the admin saw (the page's, a
 * successful save's, or the current ones a conflict showed), so the server can spot a change made
 * in between.
 */
import { useActionState, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { ContextVariable } from '@/lib/access-log-settings/context-variables';
import {
  sameAccessLogSettings,
  type AccessLogSettingsValue,
} from '@/lib/access-log-settings/patch-operations';
import { validateAccessLogSettings } from '@/lib/access-log-settings/validate-format';
import { templateVariables } from '@/lib/formats/template-tokens';
import type {
  PreviewAction,
  SaveSettingsState,
  SaveStageAction,
  StageTarget,
} from './action-types';
import {
  insertAtSelection,
  insertionForVariable,
  joinEditorValue,
  presetsForApiKind,
  splitEditorValue,
  type TextSelection,
} from './editor-model';
import { FieldIssues } from './field-issues';
import { FormatEditor } from './format-editor';
import { FormatPreview } from './format-preview';
import { EditorActions } from './editor-actions';
import { SaveStatus, withLostRequestState } from './save-status';
import { submitWithoutReset } from './submit-without-reset';
import { TargetFields } from './target-fields';
import { TemplateHelpers } from './template-helpers';
import { VariablePicker } from './variable-picker';
import styles from './stage-editor.module.css';

const IDLE: SaveSettingsState = { status: 'idle' };

const DESTINATION_HINT = {
  rest: 'arn:aws:firehose:{region}:{account}:deliverystream/amazon-apigateway-{name}',
  http: 'arn:aws:logs:{region}:{account}:log-group:{name}',
  websocket: 'arn:aws:logs:{region}:{account}:log-group:{name}',
} as const;

export function StageEditor(props: {
  target: StageTarget;
  loaded: AccessLogSettingsValue | null;
  saveAction: SaveStageAction;
  previewAction: PreviewAction;
}) {
  const { target, loaded, saveAction, previewAction } = props;
  const action = useMemo(() => withLostRequestState(saveAction), [saveAction]);
  const [state, dispatch, pending] = useActionState(action, IDLE);
  const [format, setFormat] = useState(loaded?.format ?? '');
  const [destinationArn, setDestinationArn] = useState(loaded?.destinationArn ?? '');
  const [baseline, setBaseline] = useState(loaded);
  const [seenState, setSeenState] = useState(state);
  const [confirmingDisable, setConfirmingDisable] = useState(false);
  const textareaRef = useRef<HTMLTextAreaElement>(null);
  const pendingSelection = useRef<TextSelection | null>(null);
  const focusedOnce = useRef(false);

  // Adopt what each action result says the stage now holds (React's "adjust state on change").
  if (state !== seenState) {
    setSeenState(state);
    if (state.status === 'saved') {
      setBaseline(state.settings);
      setConfirmingDisable(false);
    } else if (state.status === 'conflict') {
      setBaseline(state.current);
      setConfirmingDisable(false);
    }
  }

  useLayoutEffect(() => {
    const selection = pendingSelection.current;
    const textarea = textareaRef.current;
    if (!selection || !textarea) return;
    pendingSelection.current = null;
    textarea.focus();
    textarea.setSelectionRange(selection.start, selection.end);
  }, [format]);

  const validation = useMemo(
    () => validateAccessLogSettings({ apiKind: target.apiKind, format, destinationArn }),
    [target.apiKind, format, destinationArn],
  );
  const used = useMemo(() => new Set(templateVariables(format)), [format]);
  const presets = presetsForApiKind(target.apiKind);
  const byField = (field: 'format' | 'destinationArn') => ({
    errors: validation.errors.filter((i) => i.field === field),
    warnings: validation.warnings.filter((i) => i.field === field),
  });
  const dirty = !sameAccessLogSettings(baseline, { format, destinationArn });
  const canSave = dirty && validation.errors.length === 0 && !pending;

  const insertVariable = (variable: ContextVariable) => {
    const { text, newline } = splitEditorValue(format);
    const textarea = textareaRef.current;
    // The text box keeps its selection after losing focus to the picker; one never focused
    // inserts at the end rather than at position 0.
    const selection =
      textarea && focusedOnce.current
        ? { start: textarea.selectionStart, end: textarea.selectionEnd }
        : { start: text.length, end: text.length };
    const result = insertAtSelection(text, selection, insertionForVariable(variable));
    pendingSelection.current = result.selection;
    setFormat(joinEditorValue({ text: result.value, newline }));
  };

  const revert = (to: AccessLogSettingsValue | null) => {
    setFormat(to?.format ?? '');
    setDestinationArn(to?.destinationArn ?? '');
  };

  return (
    <form
      className={styles.editor}
      onSubmit={submitWithoutReset(dispatch)}
      aria-label="Access-log settings"
    >
      <TargetFields target={target} />
      <input type="hidden" name="format" value={JSON.stringify(format)} />
      <input type="hidden" name="loaded" value={JSON.stringify(baseline)} />

      {baseline === null && (
        <p className="notice" data-testid="logging-off">
          Access logging is off for this stage. Enter a destination and a format to turn it on.
        </p>
      )}

      <div className={styles.grid}>
        <div className={styles.main}>
          <div className={styles.field}>
            <label htmlFor="destination-input" className={styles.label}>
              Destination ARN
            </label>
            <input
              id="destination-input"
              name="destinationArn"
              className={styles.input}
              value={destinationArn}
              onChange={(e) => setDestinationArn(e.target.value)}
              placeholder={DESTINATION_HINT[target.apiKind]}
              spellCheck={false}
              autoComplete="off"
              aria-invalid={byField('destinationArn').errors.length > 0}
              aria-describedby="destination-issues"
              data-testid="destination-input"
            />
            <FieldIssues
              id="destination-issues"
              {...byField('destinationArn')}
              testId="destination-issues"
            />
          </div>

          <div className={styles.field}>
            <label htmlFor="preset-select" className={styles.label}>
              Start from a preset
            </label>
            {presets.length === 0 ? (
              <p className="muted">
                There are no console presets for WebSocket APIs: write the format below.
              </p>
            ) : (
              <select
                id="preset-select"
                className={styles.input}
                value=""
                onChange={(e) => {
                  const preset = presets.find((p) => p.id === e.target.value);
                  if (preset) setFormat(preset.template);
                }}
                data-testid="preset-select"
              >
                <option value="">Replace the format with a preset…</option>
                {presets.map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.label}
                  </option>
                ))}
              </select>
            )}
          </div>

          <FormatEditor
            value={format}
            onChange={setFormat}
            textareaRef={textareaRef}
            onFocus={() => {
              focusedOnce.current = true;
            }}
            {...byField('format')}
          />
          <TemplateHelpers format={format} onChange={setFormat} />
        </div>
        <aside className={styles.side}>
          <VariablePicker apiKind={target.apiKind} used={used} onInsert={insertVariable} />
        </aside>
      </div>

      <section className={styles.previewSection} aria-labelledby="preview-heading">
        <h3 id="preview-heading">Preview</h3>
        <FormatPreview format={format} apiKind={target.apiKind} previewAction={previewAction} />
      </section>

      <SaveStatus state={state} onUseCurrent={revert} />

      <EditorActions
        pending={pending}
        canSave={canSave}
        dirty={dirty}
        errorCount={validation.errors.length}
        saveLabel={
          state.status === 'conflict' && state.attempted === 'save'
            ? 'Save over the current settings'
            : baseline === null
              ? 'Turn on logging with this format'
              : 'Save'
        }
        loggingOn={baseline !== null}
        confirmingDisable={confirmingDisable}
        onConfirmingDisable={setConfirmingDisable}
        onRevert={() => revert(baseline)}
      />
    </form>
  );
}
