import type { UseFormRegister } from 'react-hook-form';
import { COMMANDER_ROLE_ID, SEVERITIES } from '../../../shared/incidents';
import { roleIdFor, type PlanDraft } from './planDraft';
import type { FieldErrors } from './rulesDraft';
import type { SettingsDraft } from './settingsForm';
import { ErrorNotice } from '../ui/ErrorNotice';
import { Field } from '../ui/Field';
import { TemplateEditor } from './TemplateEditor';

interface Props {
  draft: PlanDraft;
  /** Messages by settings path (`plan.team.2.name`), shown beside their fields. */
  errors: FieldErrors;
  /** The settings form: the plan's fields are its `plan.…`. */
  register: UseFormRegister<SettingsDraft>;
  /** A change of a list itself: a member or role added or removed. */
  onChange: (draft: PlanDraft) => void;
}

/**
 * Settings → Incident plan: the team, the roles (the commander stays, renamed if you like), and
 * per severity its definition, update cadence and whether updates go to the webhook. The
 * checklist templates have their own editor and Save button (see TemplateEditor).
 */
export function IncidentPlanSettings({ draft, errors, register, onChange }: Props) {
  return (
    <div className="plan-settings" data-testid="plan-settings">
      <legend className="settings__legend">Team</legend>
      <table className="table plan-table">
        <thead>
          <tr>
            <th>Name</th>
            <th>Contact</th>
            <th aria-label="Remove" />
          </tr>
        </thead>
        <tbody>
          {draft.team.map((m, i) => (
            <tr key={i} data-testid="plan-member">
              <td>
                <Field
                  label="Name"
                  labelHidden
                  error={errors[`plan.team.${i}.name`]}
                  errorTestId="plan-error"
                  errorField={`plan.team.${i}.name`}
                >
                  <input
                    className="input"
                    data-testid="plan-member-name"
                    {...register(`plan.team.${i}.name`)}
                  />
                </Field>
              </td>
              <td>
                <input
                  className="input"
                  aria-label="Contact"
                  placeholder="phone, @handle, email"
                  {...register(`plan.team.${i}.contact`)}
                />
              </td>
              <td>
                <button
                  type="button"
                  className="button button--ghost button--small"
                  aria-label={`Remove ${m.name || 'member'}`}
                  onClick={() => onChange({ ...draft, team: draft.team.filter((_, j) => j !== i) })}
                >
                  ✕
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <button
        type="button"
        className="button button--small"
        data-testid="plan-add-member"
        onClick={() => onChange({ ...draft, team: [...draft.team, { name: '', contact: '' }] })}
      >
        + Add member
      </button>

      <legend className="settings__legend">Roles</legend>
      <ul className="plan-roles">
        {draft.roles.map((r, i) => (
          <li key={r.id} className="plan-role" data-testid="plan-role" data-role-id={r.id}>
            <Field
              label={`Role ${r.id}`}
              labelHidden
              error={errors[`plan.roles.${i}.name`]}
              errorTestId="plan-error"
              errorField={`plan.roles.${i}.name`}
            >
              <input className="input" title={r.description} {...register(`plan.roles.${i}.name`)} />
            </Field>
            {r.id === COMMANDER_ROLE_ID ? (
              <span className="muted plan-role__note">always kept</span>
            ) : (
              <button
                type="button"
                className="button button--ghost button--small"
                aria-label={`Remove ${r.name}`}
                onClick={() => onChange({ ...draft, roles: draft.roles.filter((_, j) => j !== i) })}
              >
                ✕
              </button>
            )}
          </li>
        ))}
      </ul>
      <ErrorNotice message={errors['plan.roles']} testId="plan-roles-error" />
      <button
        type="button"
        className="button button--small"
        data-testid="plan-add-role"
        onClick={() => {
          const id = roleIdFor(
            'New role',
            draft.roles.map((r) => r.id),
          );
          onChange({ ...draft, roles: [...draft.roles, { id, name: 'New role', description: '' }] });
        }}
      >
        + Add role
      </button>

      <legend className="settings__legend">Severities</legend>
      <table className="table plan-table">
        <thead>
          <tr>
            <th>Severity</th>
            <th>Definition</th>
            <th>Update every (min)</th>
            <th>Webhook</th>
          </tr>
        </thead>
        <tbody>
          {SEVERITIES.map((s) => (
            <tr key={s} data-testid="plan-severity" data-severity={s}>
              <td>
                <span className={`sev-chip sev-chip--${s}`}>{s}</span>
              </td>
              <td>
                <input
                  className="input"
                  aria-label={`${s} definition`}
                  {...register(`plan.severities.${s}.definition`)}
                />
              </td>
              <td>
                <Field
                  label={`${s} update every (minutes)`}
                  labelHidden
                  error={errors[`plan.severities.${s}.updateEveryMin`]}
                  errorTestId="plan-error"
                  errorField={`plan.severities.${s}.updateEveryMin`}
                >
                  <input
                    className="input plan-table__num"
                    inputMode="numeric"
                    data-testid={`plan-cadence-${s}`}
                    {...register(`plan.severities.${s}.updateEveryMin`)}
                  />
                </Field>
              </td>
              <td>
                <input
                  type="checkbox"
                  aria-label={`${s} updates to the webhook`}
                  data-testid={`plan-webhook-${s}`}
                  {...register(`plan.severities.${s}.webhook`)}
                />
              </td>
            </tr>
          ))}
        </tbody>
      </table>

      <legend className="settings__legend">Checklist templates</legend>
      <TemplateEditor />
    </div>
  );
}
