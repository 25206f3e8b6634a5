import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { GroupView } from '../../../shared/groups';
import { useAppInfo } from '../app/useAppInfo';
import { useHostsStore } from '../hosts/hostsStore';
import { BalancerForm } from './BalancerForm';
import { AppHeader } from '../app/AppHeader';
import { BackLink } from '../app/BackLink';
import { hostHref } from '../app/useRoute';
import { ErrorNotice } from '../ui/ErrorNotice';
import { StateBadge } from '../ui/StateBadge';
import { BalanceTable } from './BalanceTable';
import { CapacityReport } from './CapacityReport';
import { GroupChart } from './GroupChart';
import { groupHeadline, pct } from './groupFormat';
import { useGroup } from './useGroups';
import './groups.css';

/** A group: its state and why, how busy it is across its members, its balance, its members side by side. */
export function GroupPage({ tag }: { tag: string }) {
  const { group, error, loading } = useGroup(tag);
  const back = <BackLink to="board" />;
  if (!group) {
    return (
      <>
        <AppHeader>{back}</AppHeader>
        <main className="page" data-testid="group-page" data-group={tag}>
          {loading ? <div className="notice">Loading…</div> : <ErrorNotice message={error} />}
        </main>
      </>
    );
  }
  const names = new Map(group.members.map((m) => [m.hostId, m.name]));
  return (
    <>
      <AppHeader>{back}</AppHeader>
      <main className={`page group-page state-${group.state}`} data-testid="group-page" data-group={tag}>
        <section className="group-hero">
          <h1 className="page__title">
            Group {group.tag} <StateBadge state={group.state} size="large" testId="group-state" />
          </h1>
          <p className="group-hero__reason" data-testid="group-headline">
            {groupHeadline(group)}
          </p>
          {group.reasons.length > 1 && (
            <ul className="group-hero__reasons" data-testid="group-reasons">
              {group.reasons.slice(1).map((r) => (
                <li key={r}>{r}</li>
              ))}
            </ul>
          )}
        </section>
        <Figures group={group} />
        <section className="group-balance" aria-labelledby="group-balance-title">
          <h2 id="group-balance-title">Balance</h2>
          <BalancerLine group={group} />
          <BalancerEditor group={group} />
          {group.balance.length === 0 ? (
            <p className="muted" data-testid="no-balance">
              Not enough load to judge how it is spread (CPU under 10 % on average, no balancer requests).
            </p>
          ) : (
            <div className="group-balance__tables">
              {group.balance.map((b) => (
                <BalanceTable key={b.basis} balance={b} names={names} />
              ))}
            </div>
          )}
        </section>
        <GroupChart members={group.members} />
        <CapacityReport tag={group.tag} />
        <section aria-labelledby="group-members-title">
          <h2 id="group-members-title">Members</h2>
          <ul className="group-members">
            {group.members.map((m) => (
              <li key={m.hostId} className={`state-${m.state}`}>
                <StateBadge state={m.state} /> <a href={hostHref(m.hostId)}>{m.name}</a>{' '}
                <span className="muted">
                  CPU {pct(m.cpuPct)} · memory {pct(m.memPct)} · load/core {m.loadPerCore?.toFixed(2) ?? '—'}
                </span>
              </li>
            ))}
          </ul>
        </section>
      </main>
    </>
  );
}

function Figures({ group }: { group: GroupView }) {
  const rows: [string, GroupView['cpu'], (v: number) => string][] = [
    ['CPU', group.cpu, (v) => pct(v)],
    ['Memory', group.memory, (v) => pct(v)],
    ['Load per core', group.load, (v) => v.toFixed(2)],
  ];
  return (
    <section aria-labelledby="group-figures-title">
      <h2 id="group-figures-title">Across {group.cpu?.n ?? 0} members now</h2>
      <table className="group-figures" data-testid="group-figures">
        <thead>
          <tr>
            <th scope="col" />
            <th scope="col">Mean</th>
            <th scope="col">p90</th>
            <th scope="col">Max</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(([label, s, f]) => (
            <tr key={label}>
              <th scope="row">{label}</th>
              <td>{s ? f(s.mean) : '—'}</td>
              <td>{s ? f(s.p90) : '—'}</td>
              <td>{s ? f(s.max) : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {group.scaleIn && (
        <ScaleLine
          needed={group.scaleIn.needed}
          members={group.members.length}
          arithmetic={group.scaleIn.arithmetic}
        />
      )}
    </section>
  );
}

/** Names, changes or forgets the group's balancer (live only: a saved history is read-only). */
function BalancerEditor({ group }: { group: GroupView }) {
  const reviewing = useAppInfo()?.history != null;
  const [open, setOpen] = useState(false);
  const client = useQueryClient();
  // Ids and names as strings: a selector that built objects would be new on every read.
  const ids = useHostsStore(useShallow((s) => s.order));
  const names = useHostsStore(useShallow((s) => s.order.map((id) => s.byId[id]?.host.name ?? id)));
  const hosts = ids.map((id, i) => ({ id, name: names[i] ?? id }));
  if (reviewing) return null;
  if (!open)
    return (
      <button
        type="button"
        className="button button--small"
        data-testid="balancer-edit"
        onClick={() => setOpen(true)}
      >
        {group.balancer ? 'Change the balancer…' : 'Name its load balancer…'}
      </button>
    );
  return (
    <BalancerForm
      group={group}
      hosts={hosts}
      onDone={(g) => {
        client.setQueryData(['groups:get', { tag: g.tag }], g);
        void client.invalidateQueries({ queryKey: ['groups:list'] });
        setOpen(false);
      }}
    />
  );
}

function BalancerLine({ group }: { group: GroupView }) {
  const b = group.balancer;
  const st = group.balancerStatus;
  if (!b)
    return (
      <p className="muted" data-testid="balancer">
        No load balancer named for this group: shares are of CPU and network. Name one (nginx or HAProxy) to
        see requests per member.
      </p>
    );
  return (
    <p data-testid="balancer">
      {b.kind === 'nginx' ? 'nginx' : 'HAProxy'} on {b.hostId}
      {st?.ok === false && <ErrorNotice message={st.message} prefix=" — " />}
      {st?.unmatched.length ? ` · servers not matched to a member: ${st.unmatched.join(', ')}` : ''}
    </p>
  );
}

/** The peak of the last day against the hosts the group has: fewer would do, or it needs more. */
function ScaleLine({ needed, members, arithmetic }: { needed: number; members: number; arithmetic: string }) {
  const verdict =
    needed < members
      ? `${needed} of ${members} hosts would keep it under 70 %`
      : needed === members
        ? `all ${members} hosts are needed to keep it under 70 %`
        : `${needed} hosts would keep it under 70 %: ${needed - members} more than the ${members} it has`;
  return (
    <p data-testid="scale-in">
      Peak of the last day: {verdict} ({arithmetic}).
    </p>
  );
}
