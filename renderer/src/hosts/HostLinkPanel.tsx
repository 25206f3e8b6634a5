import type { Host, Link } from '../../../shared/schemas';
import { formatMs, LINK_META } from './linkStates';
import { formatSshAddress } from './sshAddress';
import { useUiStore } from '../app/uiStore';
import { LinkProblem } from './LinkProblem';
import { RemoveHostButton } from './RemoveHostButton';
import { UpdatedAgo } from '../ui/UpdatedAgo';
import { useAppInfo } from '../app/useAppInfo';

interface Props {
  host: Host;
  link: Link;
  /** The page already shows the link's message (as a health reason): show state and actions only. */
  messageShownAbove?: boolean;
}

/** An SSH host's connection: state, timings, address, tags, and its edit and remove actions. */
export function HostLinkPanel({ host, link, messageShownAbove = false }: Props) {
  const reviewing = useAppInfo()?.history != null;
  const openDialog = useUiStore((s) => s.openDialog);
  const meta = LINK_META[link.state];
  const ssh = host.ssh;

  return (
    <section className="panel panel--wide" aria-labelledby="link-title" data-testid="host-link">
      <div className="panel__header">
        <h2 className="panel__title" id="link-title">
          SSH connection
        </h2>
        {!reviewing && (
          <div className="panel__actions">
            <button
              type="button"
              className="button"
              data-testid="edit-host"
              onClick={() => openDialog({ kind: 'edit-host', hostId: host.id })}
            >
              Edit…
            </button>
            <RemoveHostButton hostId={host.id} name={host.name} />
          </div>
        )}
      </div>
      <dl className="facts">
        <div>
          <dt>State</dt>
          <dd
            className={`link-state state-${meta.tone}`}
            data-testid="link-state"
            data-link-state={link.state}
          >
            <span aria-hidden="true">{meta.icon}</span> {meta.label}
            <span className="facts__sub muted">
              changed <UpdatedAgo ts={link.since} bare />
            </span>
          </dd>
        </div>
        <div>
          <dt>TCP connect</dt>
          <dd className="num" data-testid="link-connect-ms">
            {formatMs(link.connectMs)}
          </dd>
        </div>
        <div>
          <dt>Round trip</dt>
          <dd className="num" data-testid="link-rtt-ms">
            {formatMs(link.pollMs)}
          </dd>
        </div>
        <div>
          <dt>Address</dt>
          <dd className="mono">{ssh ? formatSshAddress(ssh) : '—'}</dd>
        </div>
        <div>
          <dt>Jump host</dt>
          <dd className="mono">{ssh?.jump ? formatSshAddress(ssh.jump) : 'None (direct)'}</dd>
        </div>
        <div>
          <dt>Identity file</dt>
          <dd className="mono">{ssh?.identityFile ?? 'ssh-agent / default keys'}</dd>
        </div>
        <div>
          <dt>Tags</dt>
          <dd>
            {host.tags.length === 0 ? (
              <span className="muted">None</span>
            ) : (
              <ul className="tags">
                {host.tags.map((t) => (
                  <li key={t} className="tag">
                    #{t}
                  </li>
                ))}
              </ul>
            )}
          </dd>
        </div>
      </dl>
      {link.state === 'ok' ? (
        <p className="muted">{link.message}</p>
      ) : (
        <LinkProblem hostId={host.id} link={link} showMessage={!messageShownAbove} />
      )}
    </section>
  );
}
