import type { ClientChannel } from 'ssh2';

/**
 * What ssh2 keeps per channel for the window it grants the server (its `incoming.window`, decremented as
 * data arrives and topped up to a fixed 2 MiB once half is used; no option sets it). Read defensively: if a
 * newer ssh2 changes these, `boundChannelWindow` leaves the channel to ssh2.
 */
interface ChannelInternals {
  incoming?: { window?: unknown };
  outgoing?: { id?: unknown; state?: unknown };
  _client?: { _protocol?: { channelWindowAdjust?: unknown } };
}

/**
 * Kept added to ssh2's count so that it never reaches ssh2's own top-up threshold: ssh2 then never grants,
 * and its count minus this is what the server may still send.
 */
const OFFSET = 2 ** 50;

export interface ChannelWindow {
  /** Bytes the server may still send on this channel without a new grant. */
  readonly remote: number;
}

/**
 * Grants the server of `channel` window so that what it may still send plus what the channel holds unread
 * stays within `bytes`, instead of ssh2's 2 MiB: output a terminal has not consumed waits in the remote
 * PTY, where Ctrl-C discards it, rather than in flight towards the core. The window the server was given
 * when the channel opened (ssh2's 2 MiB) is spent first; the bound holds from then on. Grants follow
 * consumption (a `data` event on the channel or its stderr), so a paused channel stops the server.
 * Returns undefined, leaving ssh2's own window, when ssh2's internals are not the ones this was written for.
 */
export function boundChannelWindow(channel: ClientChannel, bytes: number): ChannelWindow | undefined {
  const internals = channel as unknown as ChannelInternals;
  const incoming = internals.incoming;
  const outgoing = internals.outgoing;
  const protocol = internals._client?._protocol;
  if (!incoming || typeof incoming.window !== 'number' || !outgoing || typeof outgoing.id !== 'number') return undefined;
  if (!protocol || typeof protocol.channelWindowAdjust !== 'function') return undefined;
  const adjust = protocol.channelWindowAdjust.bind(protocol) as (id: number, amount: number) => void;
  const state = incoming as { window: number };
  const recipient = outgoing.id;
  state.window += OFFSET;
  const remote = () => state.window - OFFSET;
  const topUp = () => {
    if (outgoing.state !== 'open') return;
    const room = bytes - Math.max(0, remote()) - channel.readableLength - channel.stderr.readableLength;
    // Half the bound at a time: one SSH packet per grant, not one per chunk read.
    if (room < bytes / 2) return;
    state.window += room;
    adjust(recipient, room);
  };
  channel.on('data', topUp);
  channel.stderr.on('data', topUp);
  return {
    get remote() {
      return remote();
    },
  };
}
