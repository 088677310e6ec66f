/** A Windows command line holds at most this many characters (cmd.exe, the default shell of Windows' sshd). */
export const WINDOWS_COMMAND_LINE_MAX = 8_191;

/** The command line for a remote Windows shell: PowerShell reads the script as base64 UTF-16LE, so no quoting has to survive cmd.exe. */
export function powershellCommand(script: string): string {
  const encoded = Buffer.from(script, 'utf16le').toString('base64');
  return `powershell -NoProfile -NonInteractive -ExecutionPolicy Bypass -EncodedCommand ${encoded}`;
}
