import { useState, type FormEvent } from 'react';
import { api, errorIssues, errorMessage } from '../api';
import { useHostTags } from '../hosts/useHostNames';
import { useRememberedName } from '../ui/useRememberedName';
import { DURATION_PRESETS, formRefusal, type SilenceTarget } from './silenceTargets';
import { TargetFields, type TargetDraft } from './SilenceTargetFields';
import { WhoWhyFooter } from './WhoWhyFooter';

interface Props {
  names: Record<string, string>;
  onDone: () => void;
  onCancel: () => void;
}

type Duration = number | 'custom';

/** The target the draft names, or what is missing from it in words. */
function targetOf(d: TargetDraft): SilenceTarget | string {
  switch (d.kind) {
    case 'host':
      return d.hostId ? { kind: 'host', hostId: d.hostId } : 'Pick the host to silence.';
    case 'tag':
      return d.tag.trim() ? { kind: 'tag', tag: d.tag.trim() } : 'Type the tag to silence.';
    case 'signal':
      if (!d.signal.trim()) return 'Type the signal to silence, such as cpu or disk:/var.';
      return { kind: 'signal', signal: d.signal.trim(), ...(d.hostId && { hostId: d.hostId }) };
    case 'probe':
      return d.probeId ? { kind: 'probe', probeId: d.probeId } : 'Pick the probe to silence.';
  }
}

/** Mutes a host, a tag, a signal or a probe for a while; the engine checks who and why. */
export function SilenceForm({ names, onDone, onCancel }: Props) {
  const firstHost = Object.keys(names)[0] ?? '';
  const [draft, setDraft] = useState<TargetDraft>({ kind: 'host', hostId: firstHost, tag: '', signal: '' });
  const [duration, setDuration] = useState<Duration>(60);
  const [customMinutes, setCustomMinutes] = useState('90');
  const [by, setBy, rememberBy] = useRememberedName();
  const [why, setWhy] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const tags = useHostTags();

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    const target = targetOf(draft);
    if (typeof target === 'string') return setError(target);
    const minutes = duration === 'custom' ? Number(customMinutes) : duration;
    if (!customMinutes.trim() || !Number.isFinite(minutes) || minutes <= 0)
      return setError('Type how many minutes the silence should last, such as 90.');
    setBusy(true);
    setError(null);
    try {
      await api.call('silences:add', { target, minutes, by: by.trim(), why: why.trim() });
      rememberBy();
      onDone();
    } catch (err) {
      setError(formRefusal(errorMessage(err), errorIssues(err)));
      setBusy(false);
    }
  };

  return (
    <form className="form" onSubmit={(e) => void submit(e)} data-testid="silence-form" noValidate>
      <TargetFields
        draft={draft}
        onDraft={setDraft}
        names={names}
        tags={tags}
        kinds={['host', 'tag', 'signal', 'probe']}
      />
      <fieldset className="choices">
        <legend className="field__label">For</legend>
        <div className="alerts-durations">
          {DURATION_PRESETS.map((p) => (
            <label key={p.minutes} className="alerts-duration">
              <input
                type="radio"
                name="silence-duration"
                checked={duration === p.minutes}
                onChange={() => setDuration(p.minutes)}
              />
              {p.label}
            </label>
          ))}
          <label className="alerts-duration">
            <input
              type="radio"
              name="silence-duration"
              data-testid="silence-duration-custom"
              checked={duration === 'custom'}
              onChange={() => setDuration('custom')}
            />
            Custom
          </label>
          {duration === 'custom' && (
            <span className="input-unit">
              <input
                className="input input-unit__input"
                type="number"
                min={1}
                max={43_200}
                aria-label="Minutes"
                data-testid="silence-minutes"
                value={customMinutes}
                onChange={(e) => setCustomMinutes(e.target.value)}
              />
              <span className="input-unit__unit">minutes</span>
            </span>
          )}
        </div>
      </fieldset>
      <WhoWhyFooter
        testId="silence"
        by={by}
        onBy={setBy}
        why={why}
        onWhy={setWhy}
        whyPlaceholder="Disk swap on db-2, ticket OPS-412"
        error={error}
        busy={busy}
        submitLabel="Silence"
        onCancel={onCancel}
      />
    </form>
  );
}
