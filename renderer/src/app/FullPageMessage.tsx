interface Props {
  title: string;
  message: string;
}

/** Messages quote commands in backticks, as the CLI prints them; show those as code. */
function withCode(message: string) {
  return message.split('`').map((part, i) => (i % 2 === 1 ? <code key={i}>{part}</code> : part));
}

/** For problems nothing on the board can work around, such as a missing or rejected token. */
export function FullPageMessage({ title, message }: Props) {
  return (
    <main className="full-page-message" role="alert">
      <div className="full-page-message__card">
        <div className="brand brand--large">
          <span className="brand__mark" aria-hidden="true" />
          Greenboard
        </div>
        <h1>{title}</h1>
        <p>{withCode(message)}</p>
      </div>
    </main>
  );
}
