import { describe, expect, it } from 'vitest';
import { createFormControl, type FieldErrors } from 'react-hook-form';
import { errorsByPath, parentsFirst, setErrorsByPath, type ErrorsByPath } from './formErrors';

/** The errors a real form holds once each message is set on its path. */
function nested(errors: ErrorsByPath): FieldErrors {
  const form = createFormControl<Record<string, unknown>>({});
  setErrorsByPath(form.setError, errors);
  return form.getErrors();
}

describe('errorsByPath', () => {
  it('flattens the tree to dotted paths, arrays by index', () => {
    const errors = {
      templates: [
        undefined,
        { steps: [undefined, undefined, { text: { type: 'custom', message: 'empty' } }] },
      ],
      notify: { webhookUrl: { type: 'custom', message: 'http(s) only', ref: { name: 'x' } } },
    } as unknown as FieldErrors;
    expect(errorsByPath(errors)).toEqual({
      'templates.1.steps.2.text': 'empty',
      'notify.webhookUrl': 'http(s) only',
    });
  });

  it('keeps an error and its fields’ errors at one node, and a field named "ref" under a plain node', () => {
    const errors = {
      retentionDays: {
        type: 'custom',
        message: 'tiers out of order',
        ref: { name: 'retentionDays' },
        raw: { type: 'custom', message: 'enter a number' },
      },
      rules: { hosts: { ref: { cpu: { warn: { type: 'custom', message: 'too high' } } } } },
    } as unknown as FieldErrors;
    expect(errorsByPath(errors)).toEqual({
      retentionDays: 'tiers out of order',
      'retentionDays.raw': 'enter a number',
      'rules.hosts.ref.cpu.warn': 'too high',
    });
  });

  it('has nothing for no errors', () => {
    expect(errorsByPath(undefined)).toEqual({});
    expect(errorsByPath({})).toEqual({});
  });
});

describe('setErrorsByPath', () => {
  it('sets parents before their fields, so neither replaces the other', () => {
    const byPath = { 'retentionDays.raw': 'enter a number', retentionDays: 'tiers out of order' };
    expect(errorsByPath(nested(byPath))).toEqual(byPath);
  });

  it('round-trips a host name with a dot in it', () => {
    const byPath = { 'rules.hosts.db.1.cpu.warn': 'must be ≤ critical (50)' };
    expect(errorsByPath(nested(byPath))).toEqual(byPath);
  });
});

describe('parentsFirst', () => {
  it('moves a parent ahead of its own fields and keeps every other order', () => {
    const order = parentsFirst([
      ['rules.defaults.cpu.warn', 1],
      ['notify.gap', 2],
      ['plan.roles.0.name', 3],
      ['plan.roles', 4],
      ['plan.rolesX', 5],
    ]).map(([p]) => p);
    expect(order).toEqual([
      'rules.defaults.cpu.warn',
      'notify.gap',
      'plan.roles',
      'plan.roles.0.name',
      'plan.rolesX',
    ]);
  });
});
