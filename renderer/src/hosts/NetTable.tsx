import { formatRate } from '../../../shared/format';
import type { NetRate } from '../../../shared/schemas';

export function NetTable({ net }: { net: readonly NetRate[] }) {
  return (
    <section className="panel" aria-labelledby="net-title">
      <h2 className="panel__title" id="net-title">
        Network interfaces
      </h2>
      {net.length === 0 ? (
        <p className="muted">No network interfaces reported.</p>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Interface</th>
              <th scope="col" className="num">
                ↓ Received
              </th>
              <th scope="col" className="num">
                ↑ Sent
              </th>
            </tr>
          </thead>
          <tbody>
            {net.map((n) => (
              <tr key={n.iface}>
                <td className="mono">{n.iface}</td>
                <td className="num">{formatRate(n.rxBps)}</td>
                <td className="num">{formatRate(n.txBps)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
