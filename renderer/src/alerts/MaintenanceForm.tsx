import { useState, type FormEvent } from 'react';
import { api, errorIssues, errorMessage } from '../api';
import { useHostTags } from '../hosts/useHostNames';
import { useRememberedName } from '../ui/useRememberedName';
import {
  formRefusal,
  fromLocalInput,
  nextQuarterHour,
  toLocalInput,
  type WindowTarget,
} from './silenceTargets';
import { TargetFields, type TargetDraft } from './SilenceTargetFields';
import { TextField } from '../ui/TextField';
import { WhoWhyFooter } from './WhoWhyFooter';

interface Props {
  names: Record<string, string>;
  onDone: () => void;
  onCancel: () => void;
}

const HOUR = 3_600_000;

function targetOf(d: TargetDraft): WindowTarget | string {
  if (d.kind === 'tag')
    return d.tag.trim() ? { kind: 'tag', tag: d.tag.trim() } : 'Type the tag the work is on.';
  if (d.kind === 'probe')
    return d.probeId ? { kind: 'probe', probeId: d.probeId } : 'Pick the probe whose site the work is on.';
  return d.hostId ? { kind: 'host', hostId: d.hostId } : 'Pick the host the work is on.';
}

/** Plans work on a host, a tag or a probe's site, once or every day; notifications wait while it runs. */
export function MaintenanceForm({ names, onDone, onCancel }: Props) {
  const [draft, setDraft] = useState<TargetDraft>({
    kind: 'host',
    hostId: Object.keys(names)[0] ?? '',
    tag: '',
    signal: '',
  });
  const [start] = useState(() => nextQuarterHour(Date.now()));
  const [from, setFrom] = useState(() => toLocalInput(start));
  const [to, setTo] = useState(() => toLocalInput(start + HOUR));
  const [daily, setDaily] = useState(false);
  const [by, setBy, rememberBy] = useRememberedName();
  const [why, setWhy] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const tags = useHostTags();

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    const target = targetOf(draft);
    if (typeof target === 'string') return setError(target);
    const fromTs = fromLocalInput(from);
    const toTs = fromLocalInput(to);
    if (fromTs === null || toTs === null) return setError('Give both the start and the end of the work.');
    setBusy(true);
    setError(null);
    try {
      await api.call('maintenance:add', {
        target,
        from: fromTs,
        to: toTs,
        daily,
        by: by.trim(),
        why: why.trim(),
      });
      rememberBy();
      onDone();
    } catch (err) {
      setError(formRefusal(errorMessage(err), errorIssues(err)));
      setBusy(false);
    }
  };

  return (
    <form className="form" onSubmit={(e) => void submit(e)} data-testid="window-form" noValidate>
      <TargetFields
        draft={draft}
        onDraft={setDraft}
        names={names}
        tags={tags}
        kinds={['host', 'tag', 'probe']}
      />
      <div className="form__grid">
        <TextField
          label="From"
          type="datetime-local"
          data-testid="window-from"
          value={from}
          onChange={(e) => setFrom(e.target.value)}
        />
        <TextField
          label="To"
          type="datetime-local"
          data-testid="window-to"
          value={to}
          onChange={(e) => setTo(e.target.value)}
        />
      </div>
      <label className="choice">
        <input
          type="checkbox"
          data-testid="window-daily"
          checked={daily}
          onChange={(e) => setDaily(e.target.checked)}
        />
        <span>
          Every day at these times <span className="muted">(a nightly backup, a patch window)</span>
        </span>
      </label>
      <WhoWhyFooter
        testId="window"
        by={by}
        onBy={setBy}
        why={why}
        onWhy={setWhy}
        whyPlaceholder="Kernel upgrade and reboot"
        error={error}
        busy={busy}
        submitLabel="Plan"
        onCancel={onCancel}
      />
    </form>
  );
}
