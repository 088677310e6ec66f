/**
 * The commands a technician ran in a terminal, read from what the terminal SHOWED, never from what was
 * typed. Keystrokes are used only as signals: the first one on a line marks where the prompt ends, Enter
 * says "the next line break ends a command". The command is the text of the output line at that break,
 * minus the prompt. So a password typed while the remote has echo off (`sudo`, `read -s`, `ssh-keygen`)
 * is never captured: it was never on screen. Editing is handled by interpreting what the shell drew
 * (backspace, carriage return, cursor moves, erase and delete sequences), which is also what makes
 * Ctrl-U, arrow keys and history recall come out right.
 * Limits: one logical line (a command longer than the terminal width that the shell redraws across rows
 * may come out garbled); full-screen programs (alternate screen: vim, less, top) are ignored.
 */
import { COMMAND_MARKER_PREFIX, type Cast } from './asciicast';
import { parseCast } from './cast-read';

/** Longest line kept; past it characters are dropped (a flood without newlines must not grow memory). */
const MAX_LINE = 4096;
/** Enters typed ahead that still wait for their line break. */
const MAX_PENDING = 8;

type ParseState = 'text' | 'esc' | 'escArg' | 'csi' | 'string' | 'stringEsc';

export class CommandTracker {
  private line: string[] = [];
  private cursor = 0;
  /** Counts line breaks: tells whether the prompt snapshot belongs to the current line. */
  private serial = 0;
  private state: ParseState = 'text';
  private csi = '';
  private altScreen = false;
  private pendingEnters = 0;
  private prompt: { text: string; serial: number } | undefined;
  /** Enter was pressed: the next key starts a new command line, whose prompt is snapshotted then. */
  private awaitingPrompt = true;
  /** The terminal printed something since the last Enter. */
  private outputSinceEnter = false;
  /** The last prompt seen, to recognise command lines typed ahead of their prompt snapshot. */
  private lastPrompt = '';

  /** Keys the technician sent. Only their timing is used, never their text. */
  input(data: string): void {
    for (const ch of data) {
      if (ch === '\r' || ch === '\n') {
        if (!this.altScreen) this.pendingEnters = Math.min(MAX_PENDING, this.pendingEnters + 1);
        this.awaitingPrompt = true;
        this.outputSinceEnter = false;
      } else if (ch === '\x03') {
        this.pendingEnters = 0; // Ctrl-C abandons the line
      } else if (this.awaitingPrompt || !this.prompt || this.prompt.serial !== this.serial) {
        // An Enter answered on the same line without a line break (echo off: the shell printed its next
        // prompt right after a hidden password) will never get one: forget it. Keys typed ahead before
        // any answer (a pasted block) keep theirs.
        if (this.awaitingPrompt && this.outputSinceEnter) this.pendingEnters = 0;
        this.prompt = { text: this.line.slice(0, this.cursor).join(''), serial: this.serial };
        this.awaitingPrompt = false;
      }
    }
  }

  /** Text the terminal printed; returns the commands whose line ended in it. */
  output(text: string): string[] {
    const commands: string[] = [];
    if (text !== '') this.outputSinceEnter = true;
    for (const ch of text) {
      switch (this.state) {
        case 'text':
          this.text(ch, commands);
          break;
        case 'esc':
          this.escape(ch);
          break;
        case 'escArg':
          this.state = 'text';
          break;
        case 'csi':
          if (ch >= '@' && ch <= '~') {
            this.state = 'text';
            this.control(this.csi, ch);
          } else if (this.csi.length < 64) this.csi += ch;
          break;
        case 'string':
          if (ch === '\x07') this.state = 'text';
          else if (ch === '\x1b') this.state = 'stringEsc';
          break;
        case 'stringEsc':
          this.state = ch === '\\' ? 'text' : 'string';
          break;
      }
    }
    return commands;
  }

  private text(ch: string, commands: string[]): void {
    if (ch === '\x1b') this.state = 'esc';
    else if (ch === '\r') this.cursor = 0;
    else if (ch === '\n') this.lineBreak(commands);
    else if (ch === '\b') this.cursor = Math.max(0, this.cursor - 1);
    else if (ch === '\t') this.cursor = Math.min(MAX_LINE, (Math.floor(this.cursor / 8) + 1) * 8);
    else if (ch >= ' ' && ch !== '\x7f' && !(ch >= '\x80' && ch <= '\x9f')) this.put(ch);
  }

  private escape(ch: string): void {
    this.state = 'text';
    if (ch === '[') {
      this.state = 'csi';
      this.csi = '';
    } else if (ch === ']' || ch === 'P' || ch === 'X' || ch === '^' || ch === '_') this.state = 'string';
    else if ('()*+#%'.includes(ch)) this.state = 'escArg';
    else if (ch === 'c') this.newLine();
  }

  private put(ch: string): void {
    if (this.cursor >= MAX_LINE) return;
    while (this.line.length < this.cursor) this.line.push(' ');
    this.line[this.cursor++] = ch;
  }

  private control(params: string, final: string): void {
    if (params.startsWith('?')) {
      if (final === 'h' || final === 'l') {
        const modes = params.slice(1).split(';');
        if (modes.some((m) => m === '1049' || m === '1047' || m === '47')) {
          this.altScreen = final === 'h';
          this.pendingEnters = 0;
        }
      }
      return;
    }
    const n = Math.max(1, Number.parseInt(params.split(';')[0] || '1', 10) || 1);
    const arg = params.split(';')[0] ?? '';
    switch (final) {
      case 'D':
        this.cursor = Math.max(0, this.cursor - n);
        break;
      case 'C':
        this.cursor = Math.min(MAX_LINE, this.cursor + n);
        break;
      case 'G':
        this.cursor = Math.min(MAX_LINE, n - 1);
        break;
      case 'K':
        if (arg === '' || arg === '0') this.line.length = Math.min(this.line.length, this.cursor);
        else if (arg === '1') for (let i = 0; i <= this.cursor && i < this.line.length; i++) this.line[i] = ' ';
        else this.line = [];
        break;
      case 'P':
        this.line.splice(this.cursor, n);
        break;
      case '@':
        if (this.cursor < this.line.length) this.line.splice(this.cursor, 0, ...Array<string>(Math.min(n, MAX_LINE)).fill(' '));
        this.line.length = Math.min(this.line.length, MAX_LINE);
        break;
      case 'X':
        for (let i = this.cursor; i < this.cursor + n && i < this.line.length; i++) this.line[i] = ' ';
        break;
      case 'H':
      case 'f': {
        // Absolute positioning (clear, full-screen redraws) starts another line as far as we can tell.
        this.newLine();
        this.cursor = Math.min(MAX_LINE, Math.max(1, Number.parseInt(params.split(';')[1] ?? '1', 10) || 1) - 1);
        break;
      }
      case 'J':
        if (arg === '2' || arg === '3') this.line = [];
        break;
    }
  }

  private newLine(): void {
    this.line = [];
    this.cursor = 0;
    this.serial++;
  }

  private lineBreak(commands: string[]): void {
    if (this.pendingEnters > 0 && !this.altScreen) {
      const shown = this.line.join('').trimEnd();
      const own = this.prompt && this.prompt.serial === this.serial ? this.prompt.text : undefined;
      let command = own === undefined ? undefined : afterPrompt(shown, own) ?? shown;
      if (command === undefined && this.lastPrompt) command = afterPrompt(shown, this.lastPrompt);
      if (command !== undefined) {
        this.pendingEnters--;
        if (own?.trim()) this.lastPrompt = own;
        const trimmed = command.trim();
        if (trimmed) commands.push(trimmed);
      }
    }
    this.newLine();
  }
}

/** The part of `line` after `prompt`; '' when the line is the prompt alone (nothing visible typed). */
function afterPrompt(line: string, prompt: string): string | undefined {
  if (line.startsWith(prompt)) return line.slice(prompt.length);
  if (prompt.startsWith(line)) return '';
  return undefined;
}

/** The commands of a cast: its command markers (what Atelier's recorder writes), else what its input and output events show. */
export function commandsFromCast(cast: Cast): string[] {
  const marked = cast.events.filter((e) => e.code === 'm' && e.data.startsWith(COMMAND_MARKER_PREFIX)).map((e) => e.data.slice(COMMAND_MARKER_PREFIX.length));
  if (marked.length > 0) return marked;
  if (!cast.events.some((e) => e.code === 'i')) return [];
  const tracker = new CommandTracker();
  const commands: string[] = [];
  for (const event of cast.events) {
    if (event.code === 'i') tracker.input(event.data);
    else if (event.code === 'o') commands.push(...tracker.output(event.data));
  }
  return commands;
}

export interface HostCommands {
  host: string;
  commands: string[];
}

/**
 * Commands of a ticket's recordings, grouped by host in the order they were recorded. The host is the
 * cast's title (Atelier writes the host's name there), else what the file name says. A recording that
 * does not parse is left out: the draft is still useful, and its replay shows what is wrong with it.
 */
export function commandsOfRecordings(recordings: readonly { name: string; text: string }[]): HostCommands[] {
  const byHost = new Map<string, string[]>();
  for (const recording of recordings) {
    let cast: Cast;
    try {
      cast = parseCast(recording.text);
    } catch {
      continue;
    }
    const commands = commandsFromCast(cast);
    if (commands.length === 0) continue;
    const host = cast.header.title?.trim() || /^session-(.+)-\d{8}-\d{4}\.cast$/.exec(recording.name)?.[1] || recording.name;
    byHost.set(host, [...(byHost.get(host) ?? []), ...commands]);
  }
  return [...byHost].map(([host, commands]) => ({ host, commands }));
}
