import { Fragment, type ReactNode } from 'react';
import { parseMarkdown, type Block, type Inline, type ListItem } from './parseMarkdown';

/** Renders Greenboard's Markdown as React elements (no HTML strings: nothing can inject markup). */
export function MarkdownView({ text, testId }: { text: string; testId?: string }) {
  return (
    <div className="markdown" data-testid={testId}>
      {parseMarkdown(text).map((b, i) => (
        <BlockView key={i} block={b} />
      ))}
    </div>
  );
}

function BlockView({ block }: { block: Block }) {
  switch (block.kind) {
    case 'heading': {
      const H = `h${block.level}` as const;
      return <H>{inline(block.content)}</H>;
    }
    case 'paragraph':
      return <p>{inline(block.content)}</p>;
    case 'list':
      return <List items={block.items} />;
    case 'code':
      return (
        <pre>
          <code>{block.text}</code>
        </pre>
      );
    case 'table':
      return (
        <div className="markdown__table">
          <table className="table">
            <thead>
              <tr>
                {block.head.map((c, i) => (
                  <th key={i} scope="col">
                    {inline(c)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {block.rows.map((r, i) => (
                <tr key={i}>
                  {r.map((c, j) => (
                    <td key={j}>{inline(c)}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      );
  }
}

function List({ items }: { items: ListItem[] }) {
  return (
    <ul>
      {items.map((it, i) => (
        <li key={i}>
          {inline(it.content)}
          {it.children.length > 0 && <List items={it.children} />}
        </li>
      ))}
    </ul>
  );
}

function inline(parts: Inline[]): ReactNode {
  return parts.map((p, i) => {
    switch (p.kind) {
      case 'text':
        return <Fragment key={i}>{p.text}</Fragment>;
      case 'code':
        return <code key={i}>{p.text}</code>;
      case 'em':
        return <em key={i}>{inline(p.children)}</em>;
      case 'strong':
        return <strong key={i}>{inline(p.children)}</strong>;
    }
  });
}
