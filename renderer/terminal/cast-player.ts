import type { Terminal } from '@xterm/xterm';
import { parseSize, playTimes, type Cast } from '../../shared/ssh';
import { guardedText } from './host-output';

export interface PlayerState {
  /** Seconds of (idle-capped) play time. */
  position: number;
  duration: number;
  playing: boolean;
  speed: number;
}

/**
 * Hand-written rather than the `asciinema-player` package: that player draws through a WebAssembly terminal
 * (our CSP allows no `wasm-unsafe-eval`), brings Solid.js as a second UI library, and has English-only
 * controls and shortcuts of its own; reading v1/v2/v3 is done once in shared/ssh/cast-read.ts, where the
 * command list needs it too, and xterm is already the live terminal's renderer.
 *
 * Plays a cast into a read-only xterm: output events are written, resize events resize it. Long pauses
 * are shortened to `idleCap` seconds. Seeking back replays from the start (xterm cannot rewind), which
 * is fast: only the drawing of the last frame costs.
 */
export class CastPlayer {
  readonly times: number[];
  readonly duration: number;
  private next = 0;
  private position = 0;
  private playing = false;
  private speed = 1;
  private frame = 0;
  private lastTick = 0;
  private readonly listeners = new Set<(state: PlayerState) => void>();
  /** A recording replays what the host sent: its control sequences go through the same guard. */
  private write: (text: string) => void;

  constructor(
    private readonly term: Terminal,
    private readonly cast: Cast,
    idleCap: number,
  ) {
    ({ times: this.times, duration: this.duration } = playTimes(cast.events, idleCap));
    this.write = guardedText(term);
  }

  state(): PlayerState {
    return { position: this.position, duration: this.duration, playing: this.playing, speed: this.speed };
  }

  onChange(listener: (state: PlayerState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  play(): void {
    if (this.playing) return;
    if (this.position >= this.duration) this.seek(0);
    this.playing = true;
    this.lastTick = performance.now();
    this.frame = requestAnimationFrame(this.tick);
    this.emit();
  }

  pause(): void {
    this.playing = false;
    cancelAnimationFrame(this.frame);
    this.emit();
  }

  toggle(): void {
    if (this.playing) this.pause();
    else this.play();
  }

  setSpeed(speed: number): void {
    this.speed = speed;
    this.emit();
  }

  seek(position: number): void {
    const target = Math.min(this.duration, Math.max(0, position));
    if (target < this.position) {
      this.term.reset();
      this.write = guardedText(this.term);
      this.term.resize(this.cast.header.width, this.cast.header.height);
      this.next = 0;
    }
    this.position = target;
    this.apply();
    this.emit();
  }

  dispose(): void {
    cancelAnimationFrame(this.frame);
    this.listeners.clear();
  }

  private readonly tick = (now: number) => {
    if (!this.playing) return;
    this.position = Math.min(this.duration, this.position + ((now - this.lastTick) / 1000) * this.speed);
    this.lastTick = now;
    this.apply();
    if (this.position >= this.duration) this.playing = false;
    else this.frame = requestAnimationFrame(this.tick);
    this.emit();
  };

  /** Writes every event up to the current position. */
  private apply(): void {
    let output = '';
    const events = this.cast.events;
    while (this.next < events.length && (this.times[this.next] as number) <= this.position) {
      const event = events[this.next++];
      if (!event) break;
      if (event.code === 'o') output += event.data;
      else if (event.code === 'r') {
        const size = parseSize(event.data);
        if (output) this.write(output);
        output = '';
        if (size) this.term.resize(size.cols, size.rows);
      }
    }
    if (output) this.write(output);
  }

  private emit(): void {
    const state = this.state();
    for (const listener of this.listeners) listener(state);
  }
}
