import { LoadedFile, Positions, Span } from './tree';
import type { ConversionNote, NoteKind } from './types';

/** The notes and mapped key paths of one conversion, and the files they point into (0 = the converted file). */
export class Session {
  readonly files: LoadedFile[] = [];
  private readonly positions = new Positions(this.files);
  private readonly notes: (ConversionNote & { order: number; fileIndex: number; offset: number })[] = [];
  /** What makes a note the same as another (a Set: comparing with every note so far was quadratic in big files). */
  private readonly noted = new Set<string>();
  private readonly mappedPaths = new Set<string>();
  /** Variables written as `${VAR}` for Convox to substitute: declared in the manifest so an unset one fails the deploy. */
  readonly variables = new Set<string>();

  addFile(file: LoadedFile): number {
    this.files.push(file);
    return this.files.length - 1;
  }

  note(kind: NoteKind, path: string, span: Span | undefined, message: string): void {
    const at = span ?? { file: 0, start: 0, end: 0 };
    const start = this.positions.position(at.file, at.start);
    const end = this.positions.position(at.file, Math.max(at.start, at.end));
    // One line per note: values quoted from the source may span lines.
    const text = message.replace(/\s*[\r\n]+\s*/g, ' ');
    const note = { path, line: start.line + 1, range: { start, end }, kind, message: text, order: this.notes.length, fileIndex: at.file, offset: at.start };
    const identity = JSON.stringify([path, text, at.file, at.start]);
    if (this.noted.has(identity)) return;
    this.noted.add(identity);
    this.notes.push(at.file === 0 ? note : { ...note, file: this.files[at.file]?.name });
  }

  /** Records that a source key was carried over (its sub-keys with it). */
  map(path: string): void {
    this.mappedPaths.add(path);
  }

  /** The notes in source order (the converted file first, then the other files), stable for equal positions. */
  report(): ConversionNote[] {
    return [...this.notes]
      .sort((a, b) => a.fileIndex - b.fileIndex || a.offset - b.offset || a.order - b.order)
      .map(({ order: _order, fileIndex: _file, offset: _offset, ...note }) => note);
  }

  mapped(): string[] {
    return [...this.mappedPaths].sort();
  }
}

/** `services.web` + `ports` -> `services.web.ports`; + 2 -> `services.web.ports[2]`. */
export function child(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  const part = /^[A-Za-z0-9_-]+$/.test(key) ? key : JSON.stringify(key);
  return path ? `${path}.${part}` : part;
}
