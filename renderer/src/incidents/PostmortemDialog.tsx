import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { errorMessage } from '../api';
import { apiQuery } from '../apiQuery';
import { MarkdownView } from '../ui/MarkdownView';
import { ErrorNotice } from '../ui/ErrorNotice';
import { Modal } from '../ui/Modal';
import { Segmented } from '../ui/Segmented';

/**
 * The postmortem draft the engine writes from the incident, editable here, then copied or
 * downloaded as a .md file. The edits live only in this dialog: the file is the deliverable.
 */
export function PostmortemDialog({ incidentId, onClose }: { incidentId: string; onClose: () => void }) {
  // A fresh draft each time the dialog opens; read again later, it would not replace the edits.
  const draft = useQuery({
    ...apiQuery('incidents:postmortem', { id: incidentId }),
    gcTime: 0,
    staleTime: Infinity,
  });
  const [edited, setMarkdown] = useState<string | null>(null);
  const [copyError, setError] = useState<string | null>(null);
  const fileName = draft.data?.fileName ?? 'postmortem.md';
  const markdown = edited ?? draft.data?.markdown ?? null;
  const error = copyError ?? (draft.error ? errorMessage(draft.error) : null);
  const [copied, setCopied] = useState(false);
  const [preview, setPreview] = useState(false);
  const copiedTimer = useRef<ReturnType<typeof setTimeout> | null>(null);

  useEffect(
    () => () => {
      if (copiedTimer.current) clearTimeout(copiedTimer.current);
    },
    [],
  );

  const copy = async (): Promise<void> => {
    if (markdown === null) return;
    try {
      await navigator.clipboard.writeText(markdown);
      setCopied(true);
      if (copiedTimer.current) clearTimeout(copiedTimer.current);
      copiedTimer.current = setTimeout(() => setCopied(false), 2500);
    } catch (err) {
      setError(`Could not copy: ${errorMessage(err)}. Select the text and copy it instead.`);
    }
  };

  const download = (): void => {
    if (markdown === null) return;
    const url = URL.createObjectURL(new Blob([markdown], { type: 'text/markdown;charset=utf-8' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = fileName;
    document.body.append(a);
    a.click();
    a.remove();
    // After the click has started the download; revoking at once can cancel it in some browsers.
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };

  return (
    <Modal title={`Postmortem · ${incidentId}`} testId="postmortem-dialog" onClose={onClose} wide>
      <ErrorNotice message={error} testId="postmortem-error" />
      {markdown === null && !error && <p className="muted">Writing the draft…</p>}
      {markdown !== null && (
        <>
          <div className="postmortem__bar">
            <p className="field__hint">
              A draft from the incident: edit it here, then copy it or download{' '}
              <span className="mono">{fileName}</span>.
            </p>
            <Segmented
              label="Postmortem view"
              options={[
                { id: false, label: 'Edit', testId: 'postmortem-edit-tab' },
                { id: true, label: 'Preview', testId: 'postmortem-preview-tab' },
              ]}
              value={preview}
              onChange={setPreview}
            />
          </div>
          {preview ? (
            <MarkdownView text={markdown} testId="postmortem-preview" />
          ) : (
            <textarea
              className="input mono postmortem__text"
              value={markdown}
              rows={24}
              spellCheck
              aria-label="Postmortem (Markdown)"
              data-testid="postmortem-text"
              onChange={(e) => setMarkdown(e.target.value)}
            />
          )}
          <div className="modal__actions">
            <span className="postmortem__copied" role="status" data-testid="postmortem-copied">
              {copied ? '✓ Copied' : ''}
            </span>
            <button
              type="button"
              className="button"
              data-testid="postmortem-copy"
              onClick={() => void copy()}
            >
              Copy to clipboard
            </button>
            <button
              type="button"
              className="button button--primary"
              data-testid="postmortem-download"
              onClick={download}
            >
              Download .md
            </button>
          </div>
        </>
      )}
    </Modal>
  );
}
