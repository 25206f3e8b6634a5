import { createHash } from 'node:crypto';
import { describeZodError } from '../../../shared/contract';
import { controlCharProblem } from '../../../shared/safeText';
import { SavedCommandSchema, type DiagCheck, type SavedCommand } from '../../../shared/schemas';
import type { Store } from '../store/store';
import { shellCommand } from '../ssh/shellQuote';

const SAVED_KEY = 'diag.saved';

/**
 * One stored saved command: usable, or disabled because it no longer validates (saved by an
 * older version, or a crafted history file). A disabled one is listed with why, cannot run, and
 * can be deleted by its name; it never stops the others from being listed or run.
 */
export type StoredCommand =
  | { name: string; command: SavedCommand; disabled: null }
  | { name: string; command: null; disabled: string; title: string; shown: string };

/** Every stored saved command, in order, each checked on its own. */
export function readSavedCommands(store: Pick<Store, 'getSetting'>): StoredCommand[] {
  const raw = readRaw(store);
  if (raw.kind === 'none') return [];
  if (raw.kind === 'unreadable' || !Array.isArray(raw.value)) {
    const why = raw.kind === 'unreadable' ? 'is not valid JSON' : 'is not a list';
    return [
      {
        name: 'saved-commands',
        command: null,
        title: 'Saved commands (unreadable)',
        shown: '',
        disabled: `The stored saved commands ${why}, so none of them can run. Delete this entry, or save a command, to start a new list.`,
      },
    ];
  }
  return raw.value.map((item) => checkOne(item));
}

/** Adds a command or replaces the one with its name; stored items that are disabled stay as they were. */
export function storeSavedCommand(store: Pick<Store, 'getSetting' | 'setSetting'>, c: SavedCommand): void {
  const raw = readRaw(store);
  const list: unknown[] = raw.kind === 'value' && Array.isArray(raw.value) ? raw.value : [];
  const kept = list.filter((item) => checkOne(item).name !== c.name);
  store.setSetting(SAVED_KEY, [...kept, c]);
}

/** Deletes the stored command (usable or disabled) listed under `name`; false when there is none. */
export function deleteSavedCommand(store: Pick<Store, 'getSetting' | 'setSetting'>, name: string): boolean {
  const entries = readSavedCommands(store);
  if (!entries.some((e) => e.name === name)) return false;
  const raw = readRaw(store);
  if (raw.kind !== 'value' || !Array.isArray(raw.value)) {
    store.setSetting(SAVED_KEY, []);
    return true;
  }
  store.setSetting(
    SAVED_KEY,
    raw.value.filter((item) => checkOne(item).name !== name),
  );
  return true;
}

/** How a stored command shows in diag:checks. */
export function describeStored(e: StoredCommand): DiagCheck {
  if (e.command) {
    return {
      id: `custom:${e.name}`,
      title: e.command.title,
      description: 'A saved command of yours. It runs exactly as shown, after you confirm.',
      takesPath: false,
      custom: true,
      command: shellCommand(e.command.argv),
    };
  }
  return {
    id: `custom:${e.name}`,
    title: e.title,
    description: 'A saved command that can no longer run. Save it again under the same name, or delete it.',
    takesPath: false,
    custom: true,
    command: e.shown,
    disabled: e.disabled,
  };
}

type Raw = { kind: 'none' } | { kind: 'unreadable' } | { kind: 'value'; value: unknown };

function readRaw(store: Pick<Store, 'getSetting'>): Raw {
  try {
    const value = store.getSetting<unknown>(SAVED_KEY);
    return value === undefined ? { kind: 'none' } : { kind: 'value', value };
  } catch {
    return { kind: 'unreadable' };
  }
}

const NAME = /^[a-z0-9][a-z0-9-]{0,39}$/;

function checkOne(item: unknown): StoredCommand {
  const parsed = SavedCommandSchema.safeParse(item);
  if (parsed.success) return { name: parsed.data.name, command: parsed.data, disabled: null };
  const fields = item !== null && typeof item === 'object' ? (item as Record<string, unknown>) : {};
  // Without a usable name, one made from the content: it stays the same while others are deleted.
  const name =
    typeof fields.name === 'string' && NAME.test(fields.name)
      ? fields.name
      : `invalid-${createHash('sha256')
          .update(String(JSON.stringify(item)))
          .digest('hex')
          .slice(0, 8)}`;
  const title =
    typeof fields.title === 'string' && controlCharProblem(fields.title) === null
      ? fields.title.slice(0, 80)
      : name;
  return {
    name,
    command: null,
    title,
    shown: printable(fields.argv),
    disabled: `This saved command no longer validates (${describeZodError(parsed.error)}), so it cannot run. Save it again under the same name to replace it, or delete it.`,
  };
}

/** The stored argv as a reader can see it: control characters spelled out, never run. */
function printable(argv: unknown): string {
  if (!Array.isArray(argv)) return '';
  const spell = (s: string): string =>
    [...s]
      .map((ch) => {
        const code = ch.charCodeAt(0);
        return code < 32 || code === 127 ? `\\x${code.toString(16).padStart(2, '0')}` : ch;
      })
      .join('');
  return shellCommand(
    argv.slice(0, 64).map((a) => spell(typeof a === 'string' ? a : (JSON.stringify(a) ?? ''))),
  );
}
