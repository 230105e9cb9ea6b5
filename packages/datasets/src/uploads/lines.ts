import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';

export interface TextLine {
  text: string;
  /** 1-based. */
  number: number;
}

/**
 * The lines of a UTF-8 stream, one at a time: only the current chunk and one partial line are
 * held. '\r\n' endings and a leading byte-order mark are dropped. A line longer than `maxChars`
 * ends the read with `tooLong(lineNumber)` instead of growing without bound.
 */
export async function* linesOf(stream: Readable, maxChars: number, tooLong: (line: number) => Error): AsyncGenerator<TextLine> {
  const decoder = new StringDecoder('utf8');
  let partial = '';
  let number = 0;
  let first = true;
  const take = (text: string): TextLine => {
    number++;
    if (first) {
      first = false;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    return { text: text.endsWith('\r') ? text.slice(0, -1) : text, number };
  };

  for await (const chunk of stream) {
    const text = partial + decoder.write(chunk as Buffer);
    let start = 0;
    for (let end = text.indexOf('\n'); end !== -1; end = text.indexOf('\n', start)) {
      if (end - start > maxChars) throw tooLong(number + 1);
      yield take(text.slice(start, end));
      start = end + 1;
    }
    partial = text.slice(start);
    if (partial.length > maxChars) throw tooLong(number + 1);
  }
  partial += decoder.end();
  if (partial !== '') yield take(partial);
}
