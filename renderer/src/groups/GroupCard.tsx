import type { GroupView } from '../../../shared/groups';
import { groupHref, hostHref } from '../app/useRoute';
import { STATE_META } from '../ui/healthStates';
import { StateBadge } from '../ui/StateBadge';
import { groupHeadline } from './groupFormat';

/** A group on the board: its state, its members as small state squares, its worst signal in words. */
export function GroupCard({ group }: { group: GroupView }) {
  return (
    <article
      className={`group-card state-${group.state}`}
      data-testid="group-card"
      data-group={group.tag}
      data-state={group.state}
    >
      <header className="group-card__head">
        <a className="group-card__name" href={groupHref(group.tag)}>
          {group.tag}
        </a>
        <StateBadge state={group.state} />
      </header>
      <ul className="group-card__members" aria-label={`${group.members.length} members`}>
        {group.members.map((m) => (
          <li key={m.hostId}>
            <a
              className={`group-square state-${m.state}`}
              href={hostHref(m.hostId)}
              title={`${m.name}: ${STATE_META[m.state].label}`}
              aria-label={`${m.name}: ${STATE_META[m.state].label}`}
              data-testid="group-member"
              data-state={m.state}
            />
          </li>
        ))}
      </ul>
      <p className="group-card__reason" data-testid="group-reason">
        {groupHeadline(group)}
      </p>
    </article>
  );
}
