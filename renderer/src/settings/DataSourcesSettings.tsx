import type { FieldErrors } from './rulesDraft';
import { emptySourceDraft, type DataSourcesDraft } from './dataSourceDraft';
import { DataSourceForm } from './DataSourceForm';
import './datasources.css';

interface Props {
  draft: DataSourcesDraft;
  errors: FieldErrors;
  onChange: (next: DataSourcesDraft) => void;
}

/** The Data sources tab: Prometheus servers whose node_exporter targets show as hosts. */
export function DataSourcesSettings({ draft, errors, onChange }: Props) {
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
          onChange={(next) => onChange(draft.map((s) => (s.key === source.key ? next : s)))}
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
