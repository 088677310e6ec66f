export { HostStore } from './store';
export { previewConfigImport, importConfig, type ConfigImportContext } from './config-import';
export { builtinSshConfigParser, type SshConfigParser, type SshConfigBlock, type SshConfigOption } from './ssh-config';
