import type { ChecklistTemplate, Plan } from '../../../shared/incidents';

/**
 * The plan and checklists a new install starts with: the common incident-command roles and a
 * severity ladder whose cadences follow common practice (the worse, the more often people
 * need to hear from the responders). Every part is editable.
 */
export const DEFAULT_PLAN: Plan = {
  team: [],
  roles: [
    {
      id: 'commander',
      name: 'Incident Commander',
      description: 'Owns the incident: decides, delegates, and keeps the response moving.',
    },
    { id: 'scribe', name: 'Scribe', description: 'Keeps the timeline: decisions, findings, who does what.' },
    {
      id: 'sme',
      name: 'Subject Matter Expert',
      description: 'Knows the failing system; investigates and applies the fix.',
    },
    {
      id: 'internal-liaison',
      name: 'Internal Liaison',
      description: 'Keeps the rest of the company informed and pulls in help.',
    },
    {
      id: 'customer-liaison',
      name: 'Customer Liaison',
      description: 'Writes the status page and answers customers.',
    },
  ],
  severities: {
    SEV1: {
      definition: 'Critical: a core service is down or data is at risk for many users.',
      updateEveryMin: 15,
      webhook: true,
    },
    SEV2: {
      definition: 'Major: a core service is badly degraded, or down for some users.',
      updateEveryMin: 30,
      webhook: true,
    },
    SEV3: {
      definition: 'Minor: degraded with a workaround, or a non-core service is down.',
      updateEveryMin: 60,
      webhook: false,
    },
    SEV4: {
      definition: 'Low: no user impact yet; a risk to fix in working hours.',
      updateEveryMin: 240,
      webhook: false,
    },
  },
};

/** `signals` are the signal kinds (shared/alerts.ts, probes, audits) each template is suggested for. */
export const DEFAULT_TEMPLATES: ChecklistTemplate[] = [
  {
    id: 'host-down',
    title: 'Host down or unreachable',
    signals: ['data', 'host', 'link', 'unreachable', 'stale', 'netErrors'],
    steps: [
      {
        id: 'ping',
        text: 'Check whether the host answers on the network (ping, SSH port) from here and from a peer',
      },
      {
        id: 'console',
        text: "Open the provider's console: is the machine running? Any kernel panic on screen?",
      },
      { id: 'kernel', text: 'Once back, read the recent kernel errors', diag: 'kernel-errors' },
      { id: 'units', text: 'Check for failed services after the restart', diag: 'failed-units' },
      {
        id: 'failover',
        text: 'Fail traffic over or remove the host from the load balancer if it stays down',
      },
    ],
  },
  {
    id: 'cpu-saturated',
    title: 'CPU saturated',
    signals: ['cpu', 'load', 'iowait'],
    steps: [
      { id: 'top', text: 'Check the top processes by CPU', diag: 'top-cpu' },
      { id: 'change', text: 'Look for a recent deploy, cron job or traffic spike that matches the start' },
      { id: 'journal', text: 'Read recent errors in the journal', diag: 'journal-errors' },
      { id: 'relieve', text: 'Relieve the host: scale out, throttle, or stop the runaway process' },
    ],
  },
  {
    id: 'memory-exhaustion',
    title: 'Memory exhaustion',
    signals: ['memory', 'swap'],
    steps: [
      { id: 'top', text: 'Check the top processes by memory', diag: 'top-mem' },
      { id: 'pressure', text: 'Read memory pressure and the memory counters', diag: 'memory-pressure' },
      { id: 'oom', text: 'Look for OOM kills in the kernel log', diag: 'kernel-errors' },
      { id: 'relieve', text: 'Restart the leaking service or add memory; note the version that leaks' },
    ],
  },
  {
    id: 'disk-full',
    title: 'Disk full',
    signals: ['disk', 'inodes'],
    steps: [
      { id: 'df', text: 'Check disk usage per mount', diag: 'disk-usage' },
      { id: 'du', text: 'Find the largest directories under /var', diag: 'largest-dirs' },
      {
        id: 'free',
        text: 'Free space safely: rotate or compress logs, remove old releases, never live data',
      },
      { id: 'grow', text: 'Grow the volume or add retention so it does not fill again' },
    ],
  },
  {
    id: 'slow-responses',
    title: 'Slow responses or SLO breach',
    signals: ['probe', 'slo', 'latency', 'http', 'pollLatency', 'diskBusy'],
    steps: [
      { id: 'scope', text: 'Find the scope: one endpoint, one region, or everything? Compare the probes' },
      { id: 'top', text: 'Check the top processes by CPU on the serving host', diag: 'top-cpu' },
      { id: 'ports', text: 'Check the service is listening where expected', diag: 'listening-ports' },
      { id: 'deps', text: 'Check dependencies: database, cache, third-party APIs' },
      { id: 'mitigate', text: 'Mitigate: roll back, scale out, or shed load' },
    ],
  },
  {
    // The id stays from when it was "Database latency", so plans that name it keep working.
    id: 'database-latency',
    title: 'Database slow',
    signals: [
      'database',
      'db',
      'postgres',
      'mysql',
      'dbConnections',
      'replicationLag',
      'longQuery',
      'service',
      'serviceDown',
    ],
    steps: [
      {
        id: 'sessions',
        text: 'Find the long-running and blocked queries, and who blocks them',
        diag: 'pg-activity',
      },
      { id: 'connections', text: 'Count connections by state against the maximum', diag: 'pg-connections' },
      { id: 'queries', text: 'Find the statements taking the most time', diag: 'pg-top-queries' },
      { id: 'io', text: 'Check disk usage and I/O on the database host', diag: 'disk-usage' },
      { id: 'top', text: 'Check the top processes by CPU on the database host', diag: 'top-cpu' },
      { id: 'locks', text: 'Look for lock contention, a long migration, or a vacuum/backup running' },
      {
        id: 'mitigate',
        text: 'Cancel the offending query (pg_cancel_backend), fail over, or pause the batch job',
      },
    ],
  },
  {
    id: 'cache-thrashing',
    title: 'Cache thrashing',
    signals: ['cache', 'redis', 'cacheMiss', 'evictions'],
    steps: [
      { id: 'info', text: 'Read the hit ratio, evictions and memory against maxmemory', diag: 'redis-info' },
      { id: 'slowlog', text: 'Look for slow commands (KEYS, big SMEMBERS, Lua)', diag: 'redis-slowlog' },
      { id: 'change', text: 'Look for a deploy or flush that changed key names, TTLs or the working set' },
      { id: 'origin', text: 'Check the database behind the cache: misses land there', diag: 'pg-activity' },
      {
        id: 'relieve',
        text: 'Relieve it: raise maxmemory, fix the eviction policy or TTLs, or warm the cache',
      },
    ],
  },
  {
    id: 'failed-deploy',
    title: 'Failed deploy',
    signals: ['deploy', 'release'],
    steps: [
      { id: 'freeze', text: 'Stop further deploys (freeze the pipeline)' },
      { id: 'units', text: 'Check for failed services', diag: 'failed-units' },
      { id: 'journal', text: 'Read recent errors in the journal', diag: 'journal-errors' },
      { id: 'rollback', text: 'Roll back to the last good release' },
      { id: 'verify', text: 'Verify the probes are green again' },
    ],
  },
  {
    id: 'security-finding',
    title: 'Security finding or suspected breach',
    signals: ['security', 'audit', 'cert', 'tls'],
    steps: [
      { id: 'preserve', text: 'Preserve evidence: do not reboot or wipe; snapshot disks if you can' },
      { id: 'ports', text: 'List listening ports and the processes behind them', diag: 'listening-ports' },
      { id: 'procs', text: 'Look for unexpected processes', diag: 'top-cpu' },
      { id: 'contain', text: 'Contain: isolate the host, rotate exposed credentials and keys' },
      { id: 'escalate', text: 'Tell the security owner and decide on disclosure' },
    ],
  },
];
