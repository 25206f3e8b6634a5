import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { TemplatesSchema, type ChecklistTemplate } from '../../../shared/incidents';
import { describeZodError, zodIssues } from '../../../shared/contract';
import {
  addStep,
  fromTemplateDrafts,
  moveStep,
  newTemplate,
  removeStep,
  stepErrors,
  templateErrorsFromIssues,
  templateFieldError,
  templateLevelErrors,
  TemplatesFormSchema,
  toTemplateDrafts,
} from './templateDraft';

const TEMPLATES: ChecklistTemplate[] = [
  {
    id: 'disk-full',
    title: 'Disk full',
    signals: ['disk', 'inodes'],
    steps: [
      { id: 'usage', text: 'Look at disk usage', diag: 'disk-usage' },
      { id: 'clean', text: 'Remove old logs' },
    ],
  },
  { id: 'other', title: 'Other', signals: [], steps: [{ id: 'look', text: 'Look around' }] },
];

describe('template drafts', () => {
  it('round-trips the schema: signals as one line, no diagnostic as ""', () => {
    const drafts = toTemplateDrafts(TEMPLATES);
    expect(drafts[0]?.signals).toBe('disk, inodes');
    expect(drafts[0]?.steps[1]?.diag).toBe('');
    expect(fromTemplateDrafts(drafts)).toEqual(TEMPLATES);
  });

  it('trims text and drops empty signals, but keeps empty steps so paths match the rows', () => {
    const [d] = toTemplateDrafts(TEMPLATES);
    const edited = {
      ...d!,
      title: ' Disk ',
      signals: 'disk, , io ,',
      steps: [...d!.steps, { id: 'x', text: ' ', diag: '' }],
    };
    const [t] = fromTemplateDrafts([edited]);
    expect(t).toMatchObject({ title: 'Disk', signals: ['disk', 'io'] });
    expect(t?.steps).toHaveLength(3);
    expect(t?.steps[2]).toEqual({ id: 'x', text: '' });
  });

  it('adds steps and templates with fresh ids in the schema shape', () => {
    const drafts = toTemplateDrafts(TEMPLATES);
    const t = addStep(addStep(drafts[1]!));
    expect(t.steps.map((s) => s.id)).toEqual(['look', 'step', 'step-2']);
    const a = newTemplate(drafts);
    const b = newTemplate([...drafts, a]);
    expect([a.id, b.id]).toEqual(['new-template', 'new-template-2']);
    const ok = TemplatesSchema.safeParse(
      fromTemplateDrafts([{ ...a, steps: [{ id: 'step', text: 'Do it', diag: '' }] }]),
    );
    expect(ok.success).toBe(true);
  });

  it('removes and moves steps; a move past either end changes nothing', () => {
    const [d] = toTemplateDrafts(TEMPLATES);
    expect(moveStep(d!, 0, 1).steps.map((s) => s.id)).toEqual(['clean', 'usage']);
    expect(moveStep(d!, 1, -1).steps.map((s) => s.id)).toEqual(['clean', 'usage']);
    expect(moveStep(d!, 0, -1)).toBe(d);
    expect(moveStep(d!, 1, 1)).toBe(d);
    expect(removeStep(d!, 0).steps.map((s) => s.id)).toEqual(['clean']);
  });
});

describe('errors from the engine', () => {
  const drafts = toTemplateDrafts(TEMPLATES);

  it('sorts zod issues by template and step, as the transport sends them', () => {
    const bad = fromTemplateDrafts([
      { ...drafts[0]!, title: '', steps: [{ id: 'usage', text: '', diag: '' }] },
      drafts[1]!,
    ]);
    // The input schema of incidents:setTemplates, worded as shared/dispatch.ts words a refusal.
    const parsed = z.object({ templates: TemplatesSchema }).safeParse({ templates: bad });
    expect(parsed.success).toBe(false);
    const errors = templateErrorsFromIssues(zodIssues(parsed.error!), describeZodError(parsed.error!));
    expect(Object.keys(errors).sort()).toEqual(['templates.0.steps.0.text', 'templates.0.title']);
    expect(templateLevelErrors(errors, 0)).toEqual([expect.stringMatching(/^Title: /)]);
    expect(stepErrors(errors, 0, 0)).toEqual([expect.stringMatching(/^Step text: /)]);
    expect(stepErrors(errors, 0, 1)).toEqual([]);
    expect(templateLevelErrors(errors, 1)).toEqual([]);
  });

  it('keeps step 1 apart from step 10, and list-wide issues under ""', () => {
    const errors = templateErrorsFromIssues(
      [
        { path: ['templates', 0, 'steps', 10, 'text'], message: 'too long; a; b' },
        { path: ['templates'], message: 'two templates share an id' },
      ],
      'templates.0.steps.10.text: too long; a; b; templates: two templates share an id',
    );
    expect(errors).toEqual({
      'templates.0.steps.10.text': 'too long; a; b',
      '': 'two templates share an id',
    });
    expect(stepErrors(errors, 0, 1)).toEqual([]);
    expect(stepErrors(errors, 0, 10)).toEqual(['Step text: too long; a; b']);
  });

  it('puts the engine’s "not a built-in diagnostic" refusal on its step, and a bare refusal under ""', () => {
    const message =
      'Step "clean" of "Disk full" names diagnostic "rm-rf", which is not a built-in one. Use one of: top-cpu, disk-usage.';
    const errors = templateErrorsFromIssues(
      [{ path: ['templates', 0, 'steps', 1, 'diag'], message }],
      message,
    );
    expect(errors).toEqual({ 'templates.0.steps.1.diag': message });
    expect(stepErrors(errors, 0, 1)).toEqual([`Diagnostic: ${message}`]);
    expect(templateErrorsFromIssues([], 'The engine is not running.')).toEqual({
      '': 'The engine is not running.',
    });
  });

  it('tells a template’s own issues from its steps’', () => {
    const errors = { 'templates.0.steps': 'at least one step', 'templates.0.steps.2.text': 'empty' };
    expect(templateLevelErrors(errors, 0)).toEqual(['Steps: at least one step']);
    expect(stepErrors(errors, 0, 2)).toEqual(['Step text: empty']);
  });
});

describe('TemplatesFormSchema', () => {
  const drafts = toTemplateDrafts(TEMPLATES);

  it('hands on the templates as the API takes them', () => {
    expect(TemplatesFormSchema.parse(drafts)).toEqual(TEMPLATES);
  });

  it('refuses what the engine would, at the engine’s paths, before anything is sent', () => {
    const r = TemplatesFormSchema.safeParse([
      {
        ...drafts[0]!,
        title: ' ',
        signals: 'cpu, ' + 'x'.repeat(41),
        steps: [{ id: 'usage', text: '', diag: '' }],
      },
      drafts[1]!,
    ]);
    expect(r.success).toBe(false);
    const issues = r.error!.issues.map((i) => ({ path: i.path as (string | number)[], message: i.message }));
    const errors = templateErrorsFromIssues(issues, '');
    expect(Object.keys(errors).sort()).toEqual([
      'templates.0.signals.1',
      'templates.0.steps.0.text',
      'templates.0.title',
    ]);
    expect(templateFieldError(errors, 0, 'title')).toBe('give the template a title');
    expect(templateFieldError(errors, 0, 'signals')).toMatch(/40/);
    expect(templateLevelErrors(errors, 0, ['title', 'signals'])).toEqual([]);
    expect(stepErrors(errors, 0, 0)).toEqual(['Step text: say what to do in this step']);
  });
});
