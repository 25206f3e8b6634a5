import { useState } from 'react';
import type { IncidentView, Plan } from '../../../shared/incidents';
import { api } from '../api';
import type { IncidentActions } from './useIncidentAction';
import { BusyButton } from '../ui/BusyButton';

interface Props {
  view: IncidentView;
  plan: Plan | null;
  actions: IncidentActions;
}

/** "Post update" (to the timeline, and to the webhook when the severity says so) and "Add note". */
export function IncidentComposer({ view, plan, actions }: Props) {
  const [text, setText] = useState('');
  const webhook = plan?.severities[view.severity].webhook;
  const send = async (kind: 'update' | 'note'): Promise<void> => {
    const body = { id: view.id, text: text.trim(), by: actions.by };
    const done = await actions.run(kind, () =>
      kind === 'update' ? api.call('incidents:update', body) : api.call('incidents:note', body),
    );
    if (done) setText('');
  };
  return (
    <section className="panel incident-composer" data-testid="incident-composer">
      <h2 className="panel__title">Status update or note</h2>
      <textarea
        className="input"
        rows={3}
        value={text}
        data-testid="incident-text"
        aria-label="Update or note"
        placeholder="What we know, what we are doing, when the next update comes"
        onChange={(e) => setText(e.target.value)}
      />
      <div className="incident-composer__actions">
        <p className="field__hint" data-testid="update-channel">
          {webhook === undefined
            ? ''
            : webhook
              ? `${view.severity} updates also go to the webhook channel (Settings → Notifications).`
              : `${view.severity} updates stay in the timeline: the plan keeps them off the webhook.`}
        </p>
        <BusyButton
          className="button"
          data-testid="incident-note"
          busy={actions.busy === 'note'}
          disabled={!text.trim() || actions.busy !== null}
          onClick={() => void send('note')}
        >
          Add note
        </BusyButton>
        <BusyButton
          className="button button--primary"
          data-testid="incident-update"
          busy={actions.busy === 'update'}
          disabled={!text.trim() || actions.busy !== null}
          onClick={() => void send('update')}
        >
          Post update
        </BusyButton>
      </div>
    </section>
  );
}
