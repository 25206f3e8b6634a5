import { memo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { DEFAULT_SERVICE_PORTS, SERVICE_LABELS } from '../../../shared/services';
import { STATE_META } from '../ui/healthStates';
import { keyNumber, serviceName, serviceTitle, serviceTone, stateWords } from './serviceFormat';
import { serviceIdsOf, useServicesStore } from './servicesStore';
import './services.css';

/** A host's service ids; the same array while they stay the same, so the card does not re-render. */
export function useHostServiceIds(hostId: string): string[] {
  return useServicesStore(useShallow((s) => serviceIdsOf(s.byId, hostId)));
}

/**
 * A host card's databases and caches, one line each: a status dot (with the state in words for
 * screen readers and the tooltip), the kind, and its one key number; a failed one says why in
 * place of the number. Nothing at all for a host without services, so those cards stay as they were.
 */
export const ServiceCardRows = memo(function ServiceCardRows({ hostId }: { hostId: string }) {
  const ids = useHostServiceIds(hostId);
  if (ids.length === 0) return null;
  return (
    <ul className="svc-rows" aria-label="Databases and caches" data-testid="card-services">
      {ids.map((id) => (
        <ServiceCardRow key={id} serviceId={id} />
      ))}
    </ul>
  );
});

function ServiceCardRow({ serviceId }: { serviceId: string }) {
  const s = useServicesStore((st) => st.byId[serviceId]);
  if (!s) return null;
  const tone = serviceTone(s);
  const key = keyNumber(s);
  const name = serviceName(s, DEFAULT_SERVICE_PORTS[s.config.kind]);
  return (
    <li
      className={`svc-row state-${tone}`}
      data-testid="card-service"
      data-service-id={serviceId}
      data-state={tone}
      title={serviceTitle(s)}
    >
      <span className="svc-dot" aria-hidden="true" />
      <span className="visually-hidden">{STATE_META[tone].label}:</span>
      <span className="svc-row__name">{name}</span>
      {s.status === 'failed' ? (
        <span className="svc-row__problem" data-testid="card-service-problem">
          {stateWords(s).split(':')[0]}
        </span>
      ) : (
        <span className="svc-row__num" data-testid="card-service-number">
          {key.value} <span className="muted">{key.label}</span>
        </span>
      )}
    </li>
  );
}

/** The list view's version: one dot per service, state and kind in the tooltip. */
export const ServiceDots = memo(function ServiceDots({ hostId }: { hostId: string }) {
  const ids = useHostServiceIds(hostId);
  if (ids.length === 0) return null;
  return (
    <span className="svc-dots" data-testid="row-services">
      {ids.map((id) => (
        <ServiceDot key={id} serviceId={id} />
      ))}
    </span>
  );
});

function ServiceDot({ serviceId }: { serviceId: string }) {
  const s = useServicesStore((st) => st.byId[serviceId]);
  if (!s) return null;
  const tone = serviceTone(s);
  const label = `${SERVICE_LABELS[s.config.kind]}: ${serviceTitle(s)}`;
  return <span className={`svc-dot state-${tone}`} role="img" aria-label={label} title={label} />;
}
