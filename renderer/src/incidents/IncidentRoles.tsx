import { useState } from 'react';
import { COMMANDER_ROLE_ID, type IncidentView, type Plan } from '../../../shared/incidents';
import { api } from '../api';
import type { IncidentActions } from './useIncidentAction';
import { usePendingChoices } from '../ui/usePendingChoices';

interface Props {
  view: IncidentView;
  plan: Plan | null;
  actions: IncidentActions;
  readOnly: boolean;
}

const OTHER = '\u0000other';

/**
 * Who holds each role of the plan: a team member from the plan, or any name typed in. A pick
 * shows at once; if the engine refuses it, the role goes back and says why.
 */
export function IncidentRoles({ view, plan, actions, readOnly }: Props) {
  const picks = usePendingChoices<string | null>();
  const roles = plan?.roles ?? Object.keys(view.roles).map((id) => ({ id, name: id, description: '' }));
  return (
    <section className="panel" data-testid="incident-roles">
      <h2 className="panel__title">Roles</h2>
      <dl className="incident-roles">
        {roles.map((r) => (
          <div
            key={r.id}
            className={`incident-role${r.id === COMMANDER_ROLE_ID && !view.roles[r.id] ? ' incident-role--missing' : ''}`}
            data-testid="incident-role"
            data-role-id={r.id}
          >
            <dt title={r.description}>{r.name}</dt>
            <dd>
              {readOnly ? (
                <span data-testid="role-member">{view.roles[r.id] ?? '—'}</span>
              ) : (
                <>
                  <RolePicker
                    roleId={r.id}
                    roleName={r.name}
                    member={picks.shown(r.id, view.roles[r.id] ?? null)}
                    team={plan?.team.map((m) => m.name) ?? []}
                    onAssign={(member) =>
                      void picks.choose(r.id, member, () =>
                        actions.attempt(`role:${r.id}`, () =>
                          api.call('incidents:assign', { id: view.id, roleId: r.id, member, by: actions.by }),
                        ),
                      )
                    }
                    disabled={actions.busy !== null}
                  />
                  {picks.refused(r.id) && (
                    <span className="field__error" role="alert" data-testid={`role-refused-${r.id}`}>
                      Not saved, so the role is back as it was: {picks.refused(r.id)}
                    </span>
                  )}
                </>
              )}
            </dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

interface PickerProps {
  roleId: string;
  roleName: string;
  member: string | null;
  team: string[];
  onAssign: (member: string | null) => void;
  disabled: boolean;
}

function RolePicker({ roleId, roleName, member, team, onAssign, disabled }: PickerProps) {
  const [typing, setTyping] = useState(false);
  const [name, setName] = useState('');
  const names = member && !team.includes(member) ? [...team, member] : team;
  if (typing)
    return (
      <form
        className="incident-role__other"
        onSubmit={(e) => {
          e.preventDefault();
          if (!name.trim()) return;
          onAssign(name.trim());
          setTyping(false);
          setName('');
        }}
      >
        <input
          className="input"
          autoFocus
          value={name}
          placeholder="Name"
          aria-label={`${roleName}: name`}
          data-testid={`role-name-${roleId}`}
          onChange={(e) => setName(e.target.value)}
        />
        <button type="submit" className="button button--small" data-testid={`role-assign-${roleId}`}>
          Assign
        </button>
        <button type="button" className="button button--ghost button--small" onClick={() => setTyping(false)}>
          Cancel
        </button>
      </form>
    );
  return (
    <select
      className="input"
      value={member ?? ''}
      aria-label={roleName}
      data-testid={`role-select-${roleId}`}
      disabled={disabled}
      onChange={(e) => {
        if (e.target.value === OTHER) setTyping(true);
        else onAssign(e.target.value || null);
      }}
    >
      <option value="">Unassigned</option>
      {names.map((n) => (
        <option key={n} value={n}>
          {n}
        </option>
      ))}
      <option value={OTHER}>Someone else…</option>
    </select>
  );
}
