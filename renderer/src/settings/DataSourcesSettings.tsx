import type { UseFormRegister } from 'react-hook-form';
import type { FieldErrors } from './rulesDraft';
import type { SettingsDraft } from './settingsForm';
import { emptySourceDraft, type DataSourcesDraft } from './dataSourceDraft';
import { DataSourceForm } from './DataSourceForm';
import './datasources.css';

interface Props {
  draft: DataSourcesDraft;
  errors: FieldErrors;
  /** The settings form, whose fields the sources' fields are. */
  register: UseFormRegister<SettingsDraft>;
  /** A change of the list itself: a source added or removed. */
  onChange: (next: DataSourcesDraft) => void;
}

/** The Data sources tab: Prometheus servers whose node_exporter targets show as hosts. */
export function DataSourcesSettings({ draft, errors, register, onChange }: Props) {
  return (
    <div className="datasources" data-testid="settings-datasources">
      <p className="field__hint datasources__intro">
        Hosts that node_exporter reports to this Prometheus show on the board, with the same health rules.
        Their history stays in Prometheus.
      </p>
      {draft.length === 0 && (
        <p className="muted" data-testid="datasources-empty">
          No Prometheus sources yet.
        </p>
      )}
      {draft.map((source, i) => (
        <DataSourceForm
          key={source.key}
          index={i}
          draft={source}
          errors={errors}
          register={register}
          onRemove={() => onChange(draft.filter((s) => s.key !== source.key))}
        />
      ))}
      <div>
        <button
          type="button"
          className="button"
          data-testid="datasource-add"
          onClick={() => onChange([...draft, emptySourceDraft(draft)])}
        >
          Add Prometheus source
        </button>
      </div>
    </div>
  );
}
