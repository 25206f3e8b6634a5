import { useState, type FormEvent } from 'react';
import { api, errorMessage } from '../api';
import { ErrorNotice } from '../ui/ErrorNotice';
import { TextField } from '../ui/TextField';

/**
 * Saves a command of the user's as a diagnostic. One argument per line, on purpose: the text
 * is never parsed by a shell, so what is saved is exactly the argv that will run.
 */
export function SaveCommandForm({ onSaved }: { onSaved: () => void }) {
  const [open, setOpen] = useState(false);
  const [name, setName] = useState('');
  const [title, setTitle] = useState('');
  const [args, setArgs] = useState('');
  const [error, setError] = useState<string | null>(null);

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    setError(null);
    const argv = args.split('\n').filter((l) => l.length > 0);
    try {
      await api.call('diag:save', { name, title, argv });
      setOpen(false);
      setName('');
      setTitle('');
      setArgs('');
      onSaved();
    } catch (err) {
      setError(errorMessage(err));
    }
  };

  if (!open) {
    return (
      <button
        type="button"
        className="button button--small button--ghost"
        onClick={() => setOpen(true)}
        data-testid="save-command-open"
      >
        + Save a command
      </button>
    );
  }
  return (
    <form className="form" onSubmit={(e) => void submit(e)} data-testid="save-command-form" noValidate>
      <div className="form__grid">
        <TextField
          label="Name"
          mono
          value={name}
          onChange={(e) => setName(e.target.value)}
          placeholder="nginx-status"
        />
        <TextField
          label="Title"
          value={title}
          onChange={(e) => setTitle(e.target.value)}
          placeholder="nginx status"
        />
      </div>
      <label className="field">
        <span className="field__label">Command, one argument per line</span>
        <textarea
          className="input textarea mono"
          rows={4}
          value={args}
          onChange={(e) => setArgs(e.target.value)}
          placeholder={'systemctl\nstatus\nnginx\n--no-pager'}
        />
        <span className="field__hint">
          Runs without a shell: no pipes or $variables. It always asks for confirmation before it runs.
        </span>
      </label>
      <ErrorNotice message={error} />
      <div>
        <button type="submit" className="button button--small">
          Save command
        </button>{' '}
        <button type="button" className="button button--small button--ghost" onClick={() => setOpen(false)}>
          Cancel
        </button>
      </div>
    </form>
  );
}
