import { useId } from 'react';
import { SIGNAL_KINDS } from '../../../shared/alerts';
import { useProbeNames } from '../probes/useProbeNames';
import { TextField } from '../ui/TextField';

export type TargetKind = 'host' | 'tag' | 'signal' | 'probe';

/** A target being typed: every kind's fields are kept, so switching kind loses nothing. */
export interface TargetDraft {
  kind: TargetKind;
  hostId: string;
  tag: string;
  signal: string;
  /** '' until one is picked. */
  probeId?: string;
}

interface Props {
  draft: TargetDraft;
  onDraft: (draft: TargetDraft) => void;
  names: Record<string, string>;
  tags: readonly string[];
  /** Maintenance windows cover hosts and tags; silences signals too. */
  kinds: readonly TargetKind[];
}

/** Offered as the signal is typed; a mount (`disk:/var`) or a hostless signal is typed out. */
const SIGNAL_SUGGESTIONS = [...SIGNAL_KINDS, 'data'];

const KIND_LABELS: Record<TargetKind, string> = {
  host: 'A host',
  tag: 'A tag',
  signal: 'A signal',
  probe: 'A probe',
};

/** "What" for a silence or a window: a kind, then the host, tag or signal it names. */
export function TargetFields({ draft, onDraft, names, tags, kinds }: Props) {
  const tagListId = useId();
  const signalListId = useId();
  const hosts = Object.entries(names).sort((a, b) => a[1].localeCompare(b[1]));
  const probes = Object.entries(useProbeNames()).sort((a, b) => a[1].localeCompare(b[1]));
  const set = (patch: Partial<TargetDraft>): void => onDraft({ ...draft, ...patch });
  const probeId = draft.probeId ?? '';

  const hostSelect = (allowAll: boolean) => (
    <label className="field">
      <span className="field__label">{allowAll ? 'On' : 'Host'}</span>
      <select
        className="input"
        data-testid="target-host"
        value={draft.hostId}
        onChange={(e) => set({ hostId: e.target.value })}
      >
        {allowAll ? (
          <option value="">Every host</option>
        ) : (
          draft.hostId === '' && <option value="">Pick a host</option>
        )}
        {hosts.map(([id, name]) => (
          <option key={id} value={id}>
            {name}
          </option>
        ))}
      </select>
    </label>
  );

  return (
    <div className="form__grid">
      <label className="field">
        <span className="field__label">What</span>
        <select
          className="input"
          data-testid="target-kind"
          value={draft.kind}
          onChange={(e) => set({ kind: e.target.value as TargetKind })}
        >
          {kinds.map((k) => (
            <option key={k} value={k}>
              {KIND_LABELS[k]}
            </option>
          ))}
        </select>
      </label>
      {draft.kind === 'host' && hostSelect(false)}
      {draft.kind === 'probe' && (
        <label className="field">
          <span className="field__label">Probe</span>
          <select
            className="input"
            data-testid="target-probe"
            value={probeId}
            onChange={(e) => set({ probeId: e.target.value })}
          >
            {probeId === '' && <option value="">{probes.length ? 'Pick a probe' : 'No probes yet'}</option>}
            {probes.map(([id, name]) => (
              <option key={id} value={id}>
                {name}
              </option>
            ))}
          </select>
        </label>
      )}
      {draft.kind === 'tag' && (
        <>
          <TextField
            label="Tag"
            data-testid="target-tag"
            list={tagListId}
            value={draft.tag}
            onChange={(e) => set({ tag: e.target.value })}
            placeholder={tags[0] ?? 'db'}
          />
          <datalist id={tagListId}>
            {tags.map((t) => (
              <option key={t} value={t} />
            ))}
          </datalist>
        </>
      )}
      {draft.kind === 'signal' && (
        <>
          <TextField
            label="Signal"
            mono
            data-testid="target-signal"
            list={signalListId}
            value={draft.signal}
            onChange={(e) => set({ signal: e.target.value })}
            placeholder="cpu, disk or disk:/var"
          />
          <datalist id={signalListId}>
            {SIGNAL_SUGGESTIONS.map((k) => (
              <option key={k} value={k} />
            ))}
          </datalist>
          {hostSelect(true)}
        </>
      )}
    </div>
  );
}
