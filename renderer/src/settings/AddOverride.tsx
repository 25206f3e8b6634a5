import { useId, useState } from 'react';
import type { OverrideScope } from './rulesDraft';

export interface HostChoice {
  id: string;
  name: string;
  tags: readonly string[];
}

interface Props {
  hosts: readonly HostChoice[];
  /** Overrides already in the list, `tag:<name>` / `host:<id>`. */
  taken: ReadonlySet<string>;
  onAdd: (scope: OverrideScope, name: string) => void;
}

export const overrideKey = (scope: OverrideScope, name: string): string => `${scope}:${name}`;

/** Adds an override for a tag (typed, with the board's tags offered) or for a host on the board. */
export function AddOverride({ hosts, taken, onAdd }: Props) {
  const id = useId();
  const [scope, setScope] = useState<OverrideScope>('tag');
  const [tag, setTag] = useState('');
  const freeHosts = hosts.filter((h) => !taken.has(overrideKey('host', h.id)));
  const [hostId, setHostId] = useState('');
  const [error, setError] = useState<string | null>(null);
  const knownTags = [...new Set(hosts.flatMap((h) => h.tags))].sort();
  const chosenHost = freeHosts.some((h) => h.id === hostId) ? hostId : (freeHosts[0]?.id ?? '');

  const add = (): void => {
    const name = scope === 'tag' ? tag.trim() : chosenHost;
    if (name === '') {
      setError(scope === 'tag' ? 'Type the tag the override is for.' : 'Every host already has an override.');
      return;
    }
    if (taken.has(overrideKey(scope, name))) {
      setError(`The ${scope} ${name} already has an override: change it in the list above.`);
      return;
    }
    onAdd(scope, name);
    setTag('');
    setScope('tag'); // the host just added is no longer on offer
    setError(null);
  };

  return (
    <div className="rules-add" data-testid="rule-add">
      <select
        className="input"
        aria-label="Override for a"
        value={scope}
        data-testid="rule-add-scope"
        onChange={(e) => {
          setScope(e.target.value as OverrideScope);
          setError(null);
        }}
      >
        <option value="tag">Tag</option>
        <option value="host">Host</option>
      </select>
      {scope === 'tag' ? (
        <>
          <input
            className="input rules-add__name"
            aria-label="Tag"
            placeholder="tag, e.g. db"
            list={`${id}-tags`}
            value={tag}
            data-testid="rule-add-tag"
            onChange={(e) => {
              setTag(e.target.value);
              setError(null);
            }}
            onKeyDown={(e) => {
              // Enter adds the override rather than submitting (saving) the whole dialog.
              if (e.key === 'Enter') {
                e.preventDefault();
                add();
              }
            }}
          />
          <datalist id={`${id}-tags`}>
            {knownTags.map((t) => (
              <option key={t} value={t} />
            ))}
          </datalist>
        </>
      ) : (
        <select
          className="input rules-add__name"
          aria-label="Host"
          value={chosenHost}
          data-testid="rule-add-host"
          disabled={freeHosts.length === 0}
          onChange={(e) => setHostId(e.target.value)}
        >
          {freeHosts.length === 0 && <option value="">all have one</option>}
          {freeHosts.map((h) => (
            <option key={h.id} value={h.id}>
              {h.name === h.id ? h.id : `${h.name} (${h.id})`}
            </option>
          ))}
        </select>
      )}
      <button
        type="button"
        className="button"
        data-testid="rule-add-button"
        disabled={scope === 'host' && freeHosts.length === 0}
        onClick={add}
      >
        Add override
      </button>
      {error && (
        <span className="rule-error rules-add__error" role="alert">
          {error}
        </span>
      )}
    </div>
  );
}
