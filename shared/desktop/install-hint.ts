/**
 * The command that installs x11vnc on a Linux host, from its /etc/os-release (ID, then ID_LIKE), so
 * "no VNC server" comes with what to type. Undefined when the distribution is not recognised.
 */
const BY_FAMILY: readonly [RegExp, string][] = [
  [/^(debian|ubuntu|linuxmint|pop|raspbian|kali|elementary|zorin)$/, 'sudo apt-get install -y x11vnc'],
  [/^(fedora|rhel|centos|rocky|almalinux|ol)$/, 'sudo dnf install -y x11vnc'],
  [/^(opensuse.*|suse|sles)$/, 'sudo zypper install -y x11vnc'],
  [/^(arch|manjaro|endeavouros)$/, 'sudo pacman -S --noconfirm x11vnc'],
  [/^alpine$/, 'sudo apk add x11vnc'],
];

function field(osRelease: string, key: string): string[] {
  const line = osRelease.split('\n').find((l) => l.startsWith(`${key}=`));
  if (!line) return [];
  return line
    .slice(key.length + 1)
    .replace(/^["']|["']$/g, '')
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean);
}

export function installCommand(osRelease: string): string | undefined {
  for (const id of [...field(osRelease, 'ID'), ...field(osRelease, 'ID_LIKE')]) {
    const hit = BY_FAMILY.find(([pattern]) => pattern.test(id));
    if (hit) return hit[1];
  }
  return undefined;
}
