import { ErrorNotice } from '../ui/ErrorNotice';
import { GroupCard } from './GroupCard';
import { useGroups } from './useGroups';
import './groups.css';

/** The board's groups (one per tag), under the hosts: worst first. */
export function GroupSection() {
  const { groups, error } = useGroups();
  if (!error && (!groups || groups.length === 0)) return null;
  const rank = { red: 0, amber: 1, grey: 2, waiting: 3, green: 4 } as const;
  const sorted = [...(groups ?? [])].sort(
    (a, b) => rank[a.state] - rank[b.state] || a.tag.localeCompare(b.tag),
  );
  return (
    <section className="group-section" aria-labelledby="group-section-title" data-testid="group-section">
      <h2 className="group-section__title" id="group-section-title">
        Groups <span className="muted">· {sorted.length}</span>
      </h2>
      <ErrorNotice message={error} prefix="Could not load the groups: " />
      <div className="group-grid">
        {sorted.map((g) => (
          <GroupCard key={g.tag} group={g} />
        ))}
      </div>
    </section>
  );
}
