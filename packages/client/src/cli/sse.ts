/** One Server-Sent Event as the wire carries it; `data` is still text. */
export interface ServerSentEvent {
  id?: string;
  event: string;
  data: string;
}

/**
 * Parses a `text/event-stream` body into events as their bytes arrive, as
 * the HTML standard's event-stream interpretation does: `field: value` lines,
 * an empty line ends an event, several `data` lines join with newlines, and
 * lines starting with `:` (keep-alive comments) are skipped. Chunks may split
 * anywhere, even inside a character or a CRLF.
 */
export async function* readServerSentEvents(body: AsyncIterable<Uint8Array>): AsyncGenerator<ServerSentEvent> {
  const decoder = new TextDecoder();
  let buffer = '';
  let pending = newPending();
  for await (const chunk of body) {
    buffer += decoder.decode(chunk, { stream: true });
    let newline: number;
    while ((newline = buffer.indexOf('\n')) !== -1) {
      const line = buffer.slice(0, newline).replace(/\r$/, '');
      buffer = buffer.slice(newline + 1);
      if (line === '') {
        if (pending.data.length > 0) {
          yield { ...(pending.id !== undefined ? { id: pending.id } : {}), event: pending.event ?? 'message', data: pending.data.join('\n') };
        }
        pending = newPending();
        continue;
      }
      if (line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon === -1 ? line : line.slice(0, colon);
      const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'data') pending.data.push(value);
      else if (field === 'event') pending.event = value;
      else if (field === 'id' && !value.includes('\0')) pending.id = value;
    }
  }
  // An event without its closing blank line was cut off: the standard drops it, and so do we.
}

function newPending(): { id?: string; event?: string; data: string[] } {
  return { data: [] };
}
