import type { Balance } from '../../../shared/groups';
import { BASIS_LABEL, ratio, sharePct } from './groupFormat';

/** One measure of load shared out: each member's share against its expected share, the skewed one marked. */
export function BalanceTable({ balance, names }: { balance: Balance; names: ReadonlyMap<string, string> }) {
  const worst = balance.worst;
  return (
    <figure className="balance" data-testid="balance" data-basis={balance.basis}>
      <figcaption>
        <strong>{BASIS_LABEL[balance.basis]}</strong> <span className="muted">{balance.over}</span>
        {worst && worst.factor >= 1.5 && (
          <p className="balance__skew" data-testid="skew">
            Skew: {worst.words}
          </p>
        )}
      </figcaption>
      <table className="balance__table">
        <thead>
          <tr>
            <th scope="col">Member</th>
            <th scope="col">Share</th>
            <th scope="col">Expected</th>
            <th scope="col">Ratio</th>
            <th scope="col" aria-label="Share against expected" />
          </tr>
        </thead>
        <tbody>
          {balance.shares.map((s) => {
            const skewed = worst?.hostId === s.hostId && worst.factor >= 1.5;
            return (
              <tr
                key={s.hostId}
                className={skewed ? 'balance__row--skewed' : undefined}
                data-testid="share-row"
                data-host={s.hostId}
              >
                <th scope="row">{names.get(s.hostId) ?? s.hostId}</th>
                <td>{sharePct(s.share)}</td>
                <td>{sharePct(s.expected)}</td>
                <td>{ratio(s.ratio)}</td>
                <td className="balance__bars" aria-hidden="true">
                  <span className="balance__bar" style={{ width: `${Math.min(100, s.share * 100)}%` }} />
                  <span
                    className="balance__expected"
                    style={{ left: `${Math.min(100, s.expected * 100)}%` }}
                  />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </figure>
  );
}
