import { describe, expect, it } from 'vitest';
import { expandPathTokens, parseJumpList, proxyCommandAsJump } from '../../../electron/core/hosts/config-tokens';
import { stripComment } from '../../../electron/core/hosts/ssh-config';

const values = { home: '/home/tech', localUser: 'tech', localHost: 'laptop.lan', uid: '1000', alias: 'web', hostname: '10.0.0.5', port: 2222, user: 'deploy' };

describe('OpenSSH config values', () => {
  it('cuts a comment only where # starts a word outside quotes', () => {
    expect(stripComment('pi  # Raspberry Pi')).toBe('pi');
    expect(stripComment('chunlei.liu                     # 账号')).toBe('chunlei.liu');
    expect(stripComment('a#b c')).toBe('a#b c');
    expect(stripComment('"my # key" x')).toBe('"my # key" x');
  });

  it('expands ~ and the IdentityFile tokens, and names a token it cannot expand', () => {
    expect(expandPathTokens('~/.ssh/%r@%h:%p_%n_%u_%l_%L_%i_%%', values)).toEqual({ path: '/home/tech/.ssh/deploy@10.0.0.5:2222_web_tech_laptop.lan_laptop_1000_%' });
    expect(expandPathTokens('~/.ssh/%C', values)).toEqual({ error: 'the path ~/.ssh/%C uses %C, a token Atelier cannot expand' });
  });

  it('reads ProxyJump hops in every form ssh accepts, and refuses an option-looking host', () => {
    expect(parseJumpList('bastion,admin@gw:2200,ssh://ops@[fe80::1]:22')).toEqual([
      { spec: 'bastion', host: 'bastion' },
      { spec: 'admin@gw:2200', host: 'gw', user: 'admin', port: 2200 },
      { spec: 'ssh://ops@[fe80::1]:22', host: 'fe80::1', user: 'ops', port: 22 },
    ]);
    expect(parseJumpList('-oProxyCommand=x')).toEqual({ error: 'ProxyJump hop "-oProxyCommand=x" is not [user@]host[:port]' });
  });

  it('reads `ssh -W %h:%p HOST` as a jump through HOST and nothing else', () => {
    expect(proxyCommandAsJump('ssh -q -W %h:%p bastion')).toBe('bastion');
    expect(proxyCommandAsJump('ssh -l ops -p 2200 -W [%h]:%p gw')).toBe('ops@gw:2200');
    expect(proxyCommandAsJump('/usr/bin/ssh bastion -W %h:%p')).toBe('bastion');
    expect(proxyCommandAsJump('ssh -W %h:%p')).toBeUndefined();
    expect(proxyCommandAsJump('ssh -X step-server -W %h:%p')).toBeUndefined();
    expect(proxyCommandAsJump('nc -X connect -x proxy:3128 %h %p')).toBeUndefined();
  });
});
