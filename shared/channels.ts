/**
 * Method and event names only, with no schema library, so the sandboxed preload can build
 * `window.greenboard` from them without bundling zod. `contract.ts` checks at compile time
 * that these lists and the schemas agree.
 */
export const METHOD_NAMES = [
  'app:info',
  'board:get',
  'board:at',
  'board:trends',
  'hosts:list',
  'hosts:add',
  'hosts:update',
  'hosts:remove',
  'hosts:trust',
  'hosts:credentials',
  'hosts:import',
  'hosts:poll',
  'diag:checks',
  'diag:run',
  'diag:save',
  'diag:delete',
  'diag:history',
  'metrics:latest',
  'metrics:range',
  'processes:top',
  'settings:get',
  'settings:set',
  'datasources:secret',
  'history:export',
  'alerts:list',
  'alerts:signals',
  'silences:list',
  'silences:add',
  'silences:remove',
  'maintenance:add',
  'maintenance:remove',
  'webhook:deliveries',
  'webhook:test',
  'audit:run',
  'audit:latest',
  'audit:history',
  'probes:list',
  'probes:add',
  'probes:update',
  'probes:remove',
  'probes:run',
  'probes:results',
  'loadtests:targets',
  'loadtests:saveTarget',
  'loadtests:removeTarget',
  'loadtests:start',
  'loadtests:cancel',
  'loadtests:runs',
  'loadtests:setBaseline',
  'incidents:plan',
  'incidents:setPlan',
  'incidents:templates',
  'incidents:setTemplates',
  'incidents:list',
  'incidents:get',
  'incidents:declare',
  'incidents:setStatus',
  'incidents:setSeverity',
  'incidents:assign',
  'incidents:tick',
  'incidents:note',
  'incidents:update',
  'incidents:resolve',
  'incidents:reopen',
  'incidents:postmortem',
  'incidents:suggest',
  'services:list',
  'services:add',
  'services:remove',
  'services:poll',
  'services:suggest',
  'services:topQueries',
  'services:query',
  'services:range',
  'groups:list',
  'groups:get',
  'groups:setBalancer',
  'groups:report',
  'rules:test',
  'forecasts:host',
  'services:secret',
] as const;
export type MethodName = (typeof METHOD_NAMES)[number];

export const EVENT_NAMES = [
  'metrics:sample',
  'health:changed',
  'hosts:changed',
  'alerts:changed',
  'notify:host',
  'probes:changed',
  'loadtests:progress',
  'loadtests:changed',
  'incidents:changed',
  'services:changed',
  'groups:changed',
] as const;
export type EventName = (typeof EVENT_NAMES)[number];

/** IPC channel carrying every engine event to the renderer as `{ event, payload }`. */
export const EVENT_CHANNEL = 'greenboard:event';

/**
 * Desktop only, not part of the engine contract: asks main to copy a file or folder from the
 * window's exports folder to a place the user picks in a native save dialog.
 */
export const SAVE_EXPORT_CHANNEL = 'greenboard:save-export';

export function isMethodName(name: string): name is MethodName {
  return (METHOD_NAMES as readonly string[]).includes(name);
}
