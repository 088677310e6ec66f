import { describe, expect, it } from 'vitest';
import { installCommand } from '../../../shared/desktop/install-hint';

describe('the x11vnc install command for a host, from its os-release', () => {
  it('names the package manager of the distribution or of its family', () => {
    expect(installCommand('NAME="Debian GNU/Linux"\nID=debian\n')).toBe('sudo apt-get install -y x11vnc');
    expect(installCommand('ID=linuxmint\nID_LIKE="ubuntu debian"\n')).toBe('sudo apt-get install -y x11vnc');
    expect(installCommand('ID="rocky"\nID_LIKE="rhel centos fedora"\n')).toBe('sudo dnf install -y x11vnc');
    expect(installCommand('ID="opensuse-leap"\nID_LIKE="suse opensuse"\n')).toBe('sudo zypper install -y x11vnc');
    expect(installCommand('ID=arch\n')).toBe('sudo pacman -S --noconfirm x11vnc');
    expect(installCommand('ID=somethingelse\nID_LIKE=arch\n')).toBe('sudo pacman -S --noconfirm x11vnc');
  });

  it('gives nothing for an unknown or missing os-release, rather than a wrong command', () => {
    expect(installCommand('ID=haiku\n')).toBeUndefined();
    expect(installCommand('')).toBeUndefined();
  });
});
