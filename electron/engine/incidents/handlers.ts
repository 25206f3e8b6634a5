import type { MethodName } from '../../../shared/channels';
import type { Handlers } from '../core/slices';
import type { IncidentService } from './service';

type IncidentMethods = Extract<MethodName, `incidents:${string}`>;

/** Incidents: the plan and templates, declaring, running and resolving them, the postmortem. */
export function incidentHandlers(engine: {
  readonly incidents: IncidentService;
}): Pick<Handlers, IncidentMethods> {
  const { incidents } = engine;
  return {
    'incidents:plan': () => incidents.plan(),
    'incidents:setPlan': (plan) => incidents.setPlan(plan),
    'incidents:templates': () => incidents.templates(),
    'incidents:setTemplates': ({ templates }) => incidents.setTemplates(templates),
    'incidents:list': (input) => incidents.list(input),
    'incidents:get': ({ id }) => incidents.get(id),
    'incidents:declare': (input) => incidents.declare(input),
    'incidents:setStatus': (input) => incidents.setStatus(input),
    'incidents:setSeverity': (input) => incidents.setSeverity(input),
    'incidents:assign': (input) => incidents.assign(input),
    'incidents:tick': (input) => incidents.tick(input),
    'incidents:note': (input) => incidents.note(input),
    'incidents:update': (input) => incidents.update(input),
    'incidents:resolve': (input) => incidents.resolve(input),
    'incidents:reopen': (input) => incidents.reopen(input),
    'incidents:postmortem': ({ id }) => incidents.postmortem(id),
    'incidents:suggest': ({ signal }) => incidents.suggest(signal),
  };
}
