import { execFile } from 'node:child_process';
import { lookup } from 'node:dns/promises';
import { connect } from 'node:net';
import { systemInformation } from '../system-information';
import { unavailableReading, type Reading } from '../../../shared/checklists';
import { num, requireTool, round, sections, shq, unavailableFrom, unavailableLine } from './shell';
import type { LocalContext, ProbeImpl } from './types';

function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

// ---------- net.link ----------
function linkReading(iface: string, up: boolean, wireless: boolean, speed: number | null, ipv4: string[]): Reading {
  return {
    available: true,
    interface: iface,
    up,
    wireless,
    speed_mbps: speed !== null && speed > 0 ? speed : null,
    ipv4,
    has_ipv4: ipv4.length > 0,
    link_local_only: ipv4.length > 0 && ipv4.every((ip) => ip.startsWith('169.254.')),
  };
}

export const netLink: ProbeImpl<{ interface?: string }> = {
  name: 'net.link',
  linux: (args) =>
    [
      args.interface ? `i=${shq(args.interface)}` : `i=$(ip route show default 2>/dev/null | awk '{for(n=1;n<NF;n++) if($n=="dev"){print $(n+1); exit}}')`,
      `[ -n "$i" ] || i=$(ls /sys/class/net | grep -v '^lo$' | head -n 1)`,
      `[ -n "$i" ] || { ${unavailableLine('no_interface')}; }`,
      `[ -d "/sys/class/net/$i" ] || { echo "@@unavailable [no_interface name=$i] no network interface named $i"; exit 0; }`,
      `echo "== iface =="; echo "$i"`,
      `echo "== state =="; cat "/sys/class/net/$i/operstate"`,
      `echo "== speed =="; cat "/sys/class/net/$i/speed" 2>/dev/null`,
      `echo "== wireless =="; [ -d "/sys/class/net/$i/wireless" ] && echo yes`,
      `echo "== ipv4 =="; ip -4 -o addr show dev "$i" 2>/dev/null | awk '{print $4}' | cut -d / -f 1`,
    ].join('\n'),
  parse(output) {
    const na = unavailableFrom(output);
    if (na) return na;
    const p = sections(output.stdout);
    const ipv4 = (p.get('ipv4') ?? '').split('\n').map((s) => s.trim()).filter(Boolean);
    return linkReading((p.get('iface') ?? '').trim(), (p.get('state') ?? '').trim() === 'up', (p.get('wireless') ?? '').includes('yes'), num(p.get('speed')), ipv4);
  },
  async local(args) {
    const si = await systemInformation();
    const all = await si.networkInterfaces();
    const list = Array.isArray(all) ? all : [all];
    const name = args.interface ?? (await si.networkInterfaceDefault());
    const nic = list.find((n) => n.iface === name) ?? (args.interface ? undefined : list.find((n) => !n.internal && n.operstate === 'up'));
    const raw = JSON.stringify(list);
    if (!nic) return { reading: unavailableReading('no_interface', { name: name || '' }), raw };
    const ipv4 = nic.ip4 ? [nic.ip4] : [];
    return { reading: linkReading(nic.iface, nic.operstate === 'up', nic.type === 'wireless', nic.speed ?? null, ipv4), raw };
  },
};

// ---------- net.ping ----------
interface PingArgs {
  host: string;
  count: number;
  method: 'icmp' | 'tcp';
  port: number;
}

function pingReading(sent: number, received: number, avg: number | null): Reading {
  return { available: true, reachable: received > 0, sent, received, loss_percent: sent > 0 ? round(((sent - received) / sent) * 100) : null, avg_ms: avg === null ? null : round(avg, 2) };
}

export function parsePingOutput(text: string): Reading | undefined {
  const linux = /(\d+) packets transmitted, (\d+) (?:packets )?received/.exec(text);
  if (linux) {
    const rtt = /= [\d.]+\/([\d.]+)\//.exec(text);
    return pingReading(Number(linux[1]), Number(linux[2]), rtt ? Number(rtt[1]) : null);
  }
  const windows = /Sent = (\d+), Received = (\d+)/.exec(text);
  if (windows) {
    const avg = /Average = (\d+)ms/.exec(text);
    return pingReading(Number(windows[1]), Number(windows[2]), avg ? Number(avg[1]) : null);
  }
  return undefined;
}

/** One TCP connection attempt: an answer (accepted or refused) proves the host is there. */
function tcpAttempt(host: string, port: number, timeoutMs: number, signal: AbortSignal): Promise<number | null> {
  return new Promise((resolve) => {
    const began = performance.now();
    const socket = connect({ host, port, signal });
    const done = (answered: boolean) => {
      socket.destroy();
      clearTimeout(timer);
      resolve(answered ? performance.now() - began : null);
    };
    const timer = setTimeout(() => done(false), timeoutMs);
    socket.once('connect', () => done(true));
    socket.once('error', (error: NodeJS.ErrnoException) => done(error.code === 'ECONNREFUSED'));
  });
}

export const netPing: ProbeImpl<PingArgs> = {
  name: 'net.ping',
  linux: ({ host, count, method, port }) =>
    method === 'icmp'
      ? `${requireTool('ping')}\nping -n -c ${count} -W 2 -- ${shq(host)} 2>&1`
      : [
          requireTool('bash'),
          `for n in $(seq 1 ${count}); do s=$(date +%s%N); out=$(timeout 3 bash -c ${shq(`exec 3<>/dev/tcp/${host}/${port}`)} 2>&1); rc=$?; e=$(date +%s%N);`,
          `  if [ $rc -eq 0 ]; then echo "ok $(( (e - s) / 1000 ))"; elif echo "$out" | grep -q 'refused'; then echo "ok $(( (e - s) / 1000 ))"; else echo fail; fi; done`,
        ].join('\n'),
  parse(output, { method, count }) {
    const na = unavailableFrom(output);
    if (na) return na;
    if (method === 'icmp') return parsePingOutput(output.stdout) ?? unavailableReading('no_usable_output', { tool: 'ping', detail: (output.stdout + output.stderr).trim().slice(0, 200) });
    const times = output.stdout.split('\n').filter((l) => l.startsWith('ok ')).map((l) => Number(l.slice(3)) / 1000);
    return pingReading(count, times.length, times.length ? times.reduce((a, b) => a + b, 0) / times.length : null);
  },
  async local(args, ctx: LocalContext) {
    if (args.method === 'tcp') {
      const times: number[] = [];
      for (let i = 0; i < args.count; i++) {
        const t = await tcpAttempt(args.host, args.port, Math.min(3000, ctx.timeoutMs), ctx.signal);
        if (t !== null) times.push(t);
      }
      return { reading: pingReading(args.count, times.length, times.length ? times.reduce((a, b) => a + b, 0) / times.length : null), raw: JSON.stringify(times) };
    }
    if (process.platform !== 'win32') return null;
    const text = await new Promise<string>((resolve) => {
      execFile('ping', ['-n', String(args.count), '-w', '2000', args.host], { signal: ctx.signal, windowsHide: true }, (_e, stdout) => resolve(String(stdout)));
    });
    return { reading: parsePingOutput(text) ?? unavailableReading('no_usable_output', { tool: 'ping' }), raw: text };
  },
};

// ---------- net.dns ----------
function dnsReading(resolved: boolean, addresses: string[], ms: number, error: string | null): Reading {
  return { available: true, resolved, addresses, duration_ms: round(ms, 1), error };
}

export const netDns: ProbeImpl<{ name: string }> = {
  name: 'net.dns',
  linux: ({ name }) =>
    `${requireTool('getent')}\ns=$(date +%s%N); out=$(getent ahosts ${shq(name)}); rc=$?; e=$(date +%s%N)\necho "== rc =="; echo $rc\necho "== ms =="; echo $(( (e - s) / 1000000 ))\necho "== out =="; echo "$out"`,
  parse(output) {
    const na = unavailableFrom(output);
    if (na) return na;
    const p = sections(output.stdout);
    const rc = num(p.get('rc'));
    const addresses = [...new Set((p.get('out') ?? '').split('\n').map((l) => l.trim().split(/\s+/)[0] ?? '').filter(Boolean))];
    const error = rc === 0 ? null : rc === 2 ? 'ENOTFOUND' : `getent exit ${rc}`;
    return dnsReading(rc === 0 && addresses.length > 0, addresses, num(p.get('ms')) ?? 0, error);
  },
  async local({ name }, { signal }) {
    const began = performance.now();
    try {
      const found = await abortable(lookup(name, { all: true }), signal);
      const addresses = [...new Set(found.map((a) => a.address))];
      return { reading: dnsReading(addresses.length > 0, addresses, performance.now() - began, null), raw: JSON.stringify(found) };
    } catch (error) {
      if (signal.aborted) throw error;
      const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
      return { reading: dnsReading(false, [], performance.now() - began, code), raw: String(error) };
    }
  },
};

// ---------- net.http ----------
interface HttpArgs {
  url: string;
  expect_status?: number;
}

function httpReading(args: HttpArgs, status: number | null, ms: number, error: string | null): Reading {
  const ok = status !== null && (args.expect_status !== undefined ? status === args.expect_status : status < 400);
  return { available: true, ok, status, duration_ms: round(ms, 1), error };
}

export const netHttp: ProbeImpl<HttpArgs> = {
  name: 'net.http',
  linux: ({ url }) =>
    `${requireTool('curl')}\ncurl -sS -L -o /dev/null -m 10 -w '%{http_code} %{time_total}\\n' -- ${shq(url)} 2>&1; rc=$?; echo "== rc =="; echo $rc`,
  parse(output, args) {
    const na = unavailableFrom(output);
    if (na) return na;
    const p = sections(output.stdout);
    const lines = (p.get('') ?? '').trim().split('\n');
    const last = (lines.at(-1) ?? '').trim().split(/\s+/);
    const code = Number(last[0]);
    const seconds = Number(last[1]);
    const rc = num(p.get('rc'));
    const error = rc === 0 ? null : lines.slice(0, -1).join(' ').trim() || `curl exit ${rc}`;
    return httpReading(args, Number.isFinite(code) && code > 0 ? code : null, Number.isFinite(seconds) ? seconds * 1000 : 0, error);
  },
  async local(args, { signal }) {
    const began = performance.now();
    try {
      const response = await fetch(args.url, { signal, redirect: 'follow' });
      await response.body?.cancel();
      return { reading: httpReading(args, response.status, performance.now() - began, null), raw: `${response.status} ${response.statusText}\n${[...response.headers].map(([k, v]) => `${k}: ${v}`).join('\n')}` };
    } catch (error) {
      if (signal.aborted) throw error;
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      const message = cause?.code ?? cause?.message ?? (error as Error).message;
      return { reading: httpReading(args, null, performance.now() - began, message), raw: String(error) };
    }
  },
};

// ---------- net.gateway ----------
const NEIGHBOUR_UP = /\b(REACHABLE|STALE|DELAY|PROBE|PERMANENT)\b/;

export const netGateway: ProbeImpl<Record<string, never>> = {
  name: 'net.gateway',
  linux: () =>
    [
      requireTool('ip', 'iproute2'),
      `r=$(ip route show default 2>/dev/null | head -n 1); echo "== route =="; echo "$r"`,
      `gw=$(echo "$r" | awk '{for(n=1;n<NF;n++) if($n=="via"){print $(n+1); exit}}')`,
      `if [ -n "$gw" ]; then`,
      `  command -v ping >/dev/null 2>&1 && { echo "== ping =="; ping -n -c 1 -W 1 "$gw" >/dev/null 2>&1 && echo ok || echo no; }`,
      `  echo "== neigh =="; ip neigh show "$gw" 2>/dev/null`,
      `fi`,
    ].join('\n'),
  parse(output) {
    const na = unavailableFrom(output);
    if (na) return na;
    const p = sections(output.stdout);
    const route = (p.get('route') ?? '').trim();
    const words = route.split(/\s+/);
    const after = (w: string) => {
      const i = words.indexOf(w);
      return i >= 0 ? (words[i + 1] ?? null) : null;
    };
    const gateway = after('via');
    const ping = (p.get('ping') ?? '').trim();
    const neigh = p.get('neigh') ?? '';
    // Many gateways drop ICMP: a live ARP/NDP entry is also proof the gateway answers.
    let reachable: boolean | null = null;
    if (gateway) {
      if (ping === 'ok' || NEIGHBOUR_UP.test(neigh)) reachable = true;
      else if (ping === 'no' || /\b(FAILED|INCOMPLETE)\b/.test(neigh)) reachable = false;
    }
    return { available: true, has_default_route: route !== '', gateway, interface: after('dev'), reachable };
  },
  async local() {
    if (process.platform === 'linux') return null;
    const si = await systemInformation();
    const gateway = await si.networkGatewayDefault();
    const iface = await si.networkInterfaceDefault();
    return { reading: { available: true, has_default_route: gateway !== '', gateway: gateway || null, interface: iface || null, reachable: null }, raw: JSON.stringify({ gateway, iface }) };
  },
};
